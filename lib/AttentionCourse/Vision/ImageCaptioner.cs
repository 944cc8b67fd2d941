using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Tensors;
using AttentionCourse.Training;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Vision;

/// <summary>A generated caption with, for every word, where the model looked.</summary>
/// <param name="Text">The caption.</param>
/// <param name="Words">The caption's words.</param>
/// <param name="Attention">For each word, the attention over the patch grid, <c>(grid, grid)</c>, summing to 1.</param>
public sealed record GeneratedCaption(string Text, IReadOnlyList<string> Words, IReadOnlyList<Matrix<double>> Attention);

/// <summary>
/// An image captioner in the spirit of Show, Attend and Tell (Xu et al., 2015): the image becomes a grid of patch
/// vectors (<see cref="PatchEmbedding"/>), and a GRU decoder writes the caption word by word, attending over the
/// grid before every word with additive (Bahdanau) attention, the same decoder lesson 4 used over words:
/// <code>
/// a_t = softmax(v · tanh(W_q s_(t-1) + W_k v_p))      (B, patches)   where to look for word t
/// c_t = sum_p a_t,p v_p                               (B, d)
/// s_t = GRU([y_(t-1); c_t], s_(t-1));  logits = W_out [s_t; c_t]
/// </code>
/// The decoder starts from <c>tanh(W mean_p v_p)</c>, the mean patch vector, as in the paper.
/// </summary>
public sealed partial class ImageCaptioner : Module
{
    /// <summary>Creates the captioner.</summary>
    /// <param name="words">The caption vocabulary.</param>
    /// <param name="imageSize">Image height and width.</param>
    /// <param name="patchSize">Patch height and width.</param>
    /// <param name="dimension">Patch vector size d.</param>
    /// <param name="embeddingSize">Word embedding size.</param>
    /// <param name="hiddenSize">Decoder state size.</param>
    /// <param name="random">Source of the initial weights.</param>
    public ImageCaptioner(Vocabulary words, int imageSize, int patchSize, int dimension, int embeddingSize, int hiddenSize, Random random)
    {
        Words = words;
        Patches = RegisterModule("patches", new PatchEmbedding(imageSize, patchSize, dimension, random));
        Decoder = RegisterModule("decoder", new Seq2SeqDecoder(words.Count, embeddingSize, hiddenSize, dimension, DecoderAttention.Additive, RecurrentCellKind.Gru, random));
    }

    /// <summary>A captioner whose vocabulary holds the words of the training captions.</summary>
    public static ImageCaptioner Create(IReadOnlyList<ShapeScene> training, Random random, int patchSize = 8, int dimension = 32, int embeddingSize = 16, int hiddenSize = 64) =>
        new(Vocabulary.Build(training.Select(s => s.Words)), training[0].Height, patchSize, dimension, embeddingSize, hiddenSize, random);

    /// <summary>The caption vocabulary.</summary>
    public Vocabulary Words { get; }

    /// <summary>The patch grid encoder.</summary>
    public PatchEmbedding Patches { get; }

    /// <summary>The attention decoder.</summary>
    public Seq2SeqDecoder Decoder { get; }

    /// <summary>The patch vectors in the form the decoder attends over: every patch of every image, none blocked.</summary>
    public EncoderOutput Encode(IReadOnlyList<ShapeScene> scenes)
    {
        int batch = scenes.Count, patches = Patches.Patches;
        var states = Patches.Forward(scenes.Select(s => s.Pixels).ToList());                       // (P B, d)
        var uniform = Tensor.Constant(Matrix<double>.Build.Dense(batch, patches, 1.0 / patches));
        var mean = Tensor.BatchedWeightedSum(uniform, states);                                      // (B, d)
        return new EncoderOutput(states, mean, new bool[batch, patches], Enumerable.Repeat(patches, batch).ToArray());
    }

    /// <summary>Mean cross-entropy of the caption words under teacher forcing.</summary>
    public Tensor Loss(IReadOnlyList<ShapeScene> batch)
    {
        var target = PaddedBatch.Pad(batch.Select(s => Words.Encode(s.Words, addBos: true, addEos: true)).ToList());
        var memory = Decoder.Prepare(Encode(batch));
        var state = Decoder.Start(memory);
        var logits = new List<Tensor>();
        var expected = new List<int>();
        for (int t = 0; t + 1 < target.MaxLength; t++)
        {
            var step = Decoder.Step(target.Step(t), state, memory);
            logits.Add(step.Logits);                                                                // (B, vocabulary)
            expected.AddRange(target.Step(t + 1));
            state = step.State;
        }
        return Losses.CrossEntropy(Tensor.ConcatRows(logits), expected, ignoreIndex: Vocabulary.PadId);
    }

    /// <summary>Greedy captions for a batch of images, with each word's attention over the patch grid.</summary>
    public IReadOnlyList<GeneratedCaption> Caption(IReadOnlyList<ShapeScene> scenes, int maxLength = 12)
    {
        using var _ = Tensor.NoGrad();
        var memory = Decoder.Prepare(Encode(scenes));
        var state = Decoder.Start(memory);
        int batch = scenes.Count, grid = Patches.Grid;
        var words = Enumerable.Range(0, batch).Select(_ => new List<string>()).ToArray();
        var maps = Enumerable.Range(0, batch).Select(_ => new List<Matrix<double>>()).ToArray();
        var finished = new bool[batch];
        var previous = Enumerable.Repeat(Vocabulary.BosId, batch).ToArray();
        for (int t = 0; t < maxLength && !finished.All(f => f); t++)
        {
            var step = Decoder.Step(previous, state, memory);
            for (int b = 0; b < batch; b++)
            {
                if (finished[b]) continue;
                int next = step.Logits.Value.Row(b).MaximumIndex();
                previous[b] = next;
                if (next == Vocabulary.EosId) { finished[b] = true; continue; }
                words[b].Add(Words.Token(next));
                var weights = step.Weights!.Value.Row(b);
                maps[b].Add(Matrix<double>.Build.Dense(grid, grid, (row, column) => weights[row * grid + column]));
            }
            state = step.State;
        }
        return Enumerable.Range(0, batch).Select(b => new GeneratedCaption(string.Join(' ', words[b]), words[b], maps[b])).ToList();
    }

    /// <summary>Trains with Adam on random batches of <paramref name="training"/> drawn with <paramref name="seed"/>, clipping the gradient norm.</summary>
    public TrainingHistory Fit(IReadOnlyList<ShapeScene> training, int steps, int batchSize = 32, double learningRate = 5e-3,
        int seed = 0, Action<TrainingProgress>? onProgress = null)
    {
        var random = new Random(seed);
        var optimizer = new Adam(Parameters(), learningRate);
        return Trainer.Run(steps, _ => Loss(Enumerable.Range(0, batchSize).Select(_ => training[random.Next(training.Count)]).ToList()),
            optimizer, clipNorm: 1.0, onProgress: onProgress);
    }
}
