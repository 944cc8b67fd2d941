using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Seq2Seq;

/// <summary>What an encoder hands the decoder.</summary>
/// <param name="States">Every position's state, time-major <c>(T B, H_enc)</c>: row <c>t B + b</c> is sequence b at time t.</param>
/// <param name="FinalState">One summary vector per sequence <c>(B, H_enc)</c>: the last real step (both directions if bidirectional).</param>
/// <param name="Padding">Which positions are padding, <c>(B, T)</c>, true = blocked, for the attention's softmax.</param>
/// <param name="Lengths">The true length of each source sequence.</param>
public sealed record EncoderOutput(Tensor States, Tensor FinalState, bool[,] Padding, IReadOnlyList<int> Lengths)
{
    /// <summary>Number of sequences B.</summary>
    public int Batch => FinalState.Rows;

    /// <summary>Padded length T.</summary>
    public int Time => States.Rows / Batch;

    /// <summary>Size of each state, H_enc.</summary>
    public int Size => States.Columns;
}

/// <summary>
/// Reads a batch of token sequences with an embedding and a recurrent cell, left to right, and optionally also
/// right to left (bidirectional: each position's state is the two directions' states side by side). Sequences
/// shorter than the batch's longest stop updating at their end, so padding never leaks into their states.
/// </summary>
public sealed class RecurrentEncoder : Module
{
    /// <summary>Creates the encoder.</summary>
    /// <param name="vocabulary">Source vocabulary size.</param>
    /// <param name="embeddingSize">Size of the token embeddings.</param>
    /// <param name="hiddenSize">State size of each direction.</param>
    /// <param name="bidirectional">Whether to add a right-to-left pass.</param>
    /// <param name="kind">GRU or LSTM.</param>
    /// <param name="random">Source of the initial weights.</param>
    public RecurrentEncoder(int vocabulary, int embeddingSize, int hiddenSize, bool bidirectional, RecurrentCellKind kind, Random random)
    {
        Embedding = RegisterModule("embedding", new Embedding(vocabulary, embeddingSize, random));
        Forwards = RegisterModule("forward", new RecurrentUnit(kind, embeddingSize, hiddenSize, random));
        Backwards = bidirectional ? RegisterModule("backward", new RecurrentUnit(kind, embeddingSize, hiddenSize, random)) : null;
    }

    /// <summary>Source token embedding.</summary>
    public Embedding Embedding { get; }

    /// <summary>The left-to-right cell.</summary>
    public RecurrentUnit Forwards { get; }

    /// <summary>The right-to-left cell, or null.</summary>
    public RecurrentUnit? Backwards { get; }

    /// <summary>Size of each output state: H, or 2H if bidirectional.</summary>
    public int OutputSize => Forwards.HiddenSize * (Backwards is null ? 1 : 2);

    /// <summary>Encodes a padded batch: <c>B</c> sequences of up to <c>T</c> ids -> states <c>(T B, H_enc)</c> and more.</summary>
    public EncoderOutput Forward(PaddedBatch source)
    {
        int batch = source.Size, time = source.MaxLength;
        if (batch == 0 || time == 0) throw new ArgumentException("The encoder got an empty batch.", nameof(source));
        var inputs = Enumerable.Range(0, time).Select(t => Embedding.Forward(source.Step(t))).ToArray(); // T x (B, E)
        // keep[t] is 1 for sequences that have already ended at step t: their state stays as it was.
        var keep = Enumerable.Range(0, time)
            .Select(t => Tensor.Constant(MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(batch, 1, (b, _) => t < source.Lengths[b] ? 0.0 : 1.0)))
            .ToArray();

        Tensor[] states;
        Tensor final;
        if (Backwards is null)
        {
            states = Run(Forwards, inputs, keep, Enumerable.Range(0, time));
            final = states[^1];
        }
        else
        {
            // The two directions are independent: one per core when the second core is free (the same bits as one
            // after the other; the graph's order comes from its links, not from when or where a node was made).
            var directions = new Tensor[2][];
            var backwards = Backwards;
            bool gradientsOff = Tensor.GradientsOff;
            SecondCore.For(2, direction =>
            {
                using var scope = gradientsOff ? Tensor.NoGrad() : null; // a thread's own setting: carried over
                directions[direction] = direction == 0
                    ? Run(Forwards, inputs, keep, Enumerable.Range(0, time))
                    : Run(backwards, inputs, keep, Enumerable.Range(0, time).Reverse());
            });
            var (forwardStates, backwardStates) = (directions[0], directions[1]);
            states = forwardStates.Zip(backwardStates, (f, b) => Tensor.ConcatColumns(f, b)).ToArray(); // T x (B, 2H)
            final = Tensor.ConcatColumns(forwardStates[^1], backwardStates[0]);                          // (B, 2H)
        }
        return new EncoderOutput(Tensor.ConcatRows(states), final, Masks.KeyPaddingFromLengths(source.Lengths, time), source.Lengths);
    }

    /// <summary>Runs one direction over the steps in <paramref name="order"/>; returns the state at each time index.</summary>
    private static Tensor[] Run(RecurrentUnit unit, Tensor[] inputs, Tensor[] keep, IEnumerable<int> order)
    {
        var outputs = new Tensor[inputs.Length];
        var state = unit.ZeroState(inputs[0].Rows);
        foreach (int t in order)
        {
            state = unit.Step(inputs[t], state).FreezeWhere(keep[t], state); // (B, H)
            outputs[t] = state.Hidden;
        }
        return outputs;
    }
}
