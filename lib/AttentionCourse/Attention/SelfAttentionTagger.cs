using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Attention;

/// <summary>What the tagger computes for one sequence.</summary>
/// <param name="Logits">One <c>(T, classes)</c> matrix of scores per output task.</param>
/// <param name="Attention">The multi-head attention result, with each head's weights.</param>
public sealed record TaggerOutput(IReadOnlyList<Tensor> Logits, MultiHeadResult Attention);

/// <summary>
/// The smallest useful self-attention model: it labels every position of a sequence.
/// <code>
/// x = embed(tokens) + positional encoding       (T, d_model)
/// h = x + MultiHeadSelfAttention(x)             (T, d_model)   residual connection
/// logits_task = Linear_task(ReLU(Linear(h)))    (T, classes)   one readout per task
/// </code>
/// Lesson 5 trains it on <see cref="Data.NeighborTokens"/> (name the previous and the next token) and plots what
/// each head learned to look at.
/// </summary>
public sealed class SelfAttentionTagger : Module
{
    /// <summary>Creates the model.</summary>
    /// <param name="vocabulary">Number of input symbols.</param>
    /// <param name="modelDimension">d_model.</param>
    /// <param name="heads">Attention heads.</param>
    /// <param name="classesPerTask">Number of classes of each output task (one readout per entry).</param>
    /// <param name="random">Source of the initial weights.</param>
    /// <param name="usePositions">Whether to add the sinusoidal positional encoding (without it attention cannot tell left from right).</param>
    public SelfAttentionTagger(int vocabulary, int modelDimension, int heads, IReadOnlyList<int> classesPerTask, Random random, bool usePositions = true)
    {
        UsePositions = usePositions;
        Embedding = RegisterModule("embedding", new Embedding(vocabulary, modelDimension, random));
        SelfAttention = RegisterModule("self_attention", new MultiHeadAttention(modelDimension, heads, random));
        Hidden = RegisterModule("hidden", new Linear(modelDimension, 2 * modelDimension, random));
        Readouts = RegisterModule("readouts", new ModuleList<Linear>(classesPerTask.Select(c => new Linear(2 * modelDimension, c, random))));
    }

    /// <summary>Whether positions are encoded.</summary>
    public bool UsePositions { get; }

    /// <summary>Token embedding.</summary>
    public Embedding Embedding { get; }

    /// <summary>The self-attention layer.</summary>
    public MultiHeadAttention SelfAttention { get; }

    /// <summary>Hidden layer of the readout network.</summary>
    public Linear Hidden { get; }

    /// <summary>One output layer per task.</summary>
    public ModuleList<Linear> Readouts { get; }

    /// <summary>Labels one sequence of token ids: <c>T ids -> per task (T, classes)</c>.</summary>
    public TaggerOutput Forward(IReadOnlyList<int> tokens, bool[,]? blocked = null)
    {
        var x = Embedding.Forward(tokens);                                               // (T, d_model)
        if (UsePositions) x = PositionalEncoding.AddSinusoidal(x);                     // (T, d_model)
        var attention = SelfAttention.SelfAttention(x, blocked);                       // (T, d_model)
        var h = Hidden.Forward(x + attention.Output).Relu();                           // (T, 2 d_model)
        return new TaggerOutput(Readouts.Items.Select(r => r.Forward(h)).ToList(), attention);
    }
}
