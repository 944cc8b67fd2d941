using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Transformer;

/// <summary>
/// Turns a padded batch of token ids into the input of a Transformer stack:
/// <code>
/// x = dropout(token(ids) * sqrt(d_model) + position(t))
/// </code>
/// The table <c>token.weight</c> <c>(vocabulary, d_model)</c> starts normal with standard deviation
/// <c>d_model^-0.5</c>, so that after the <c>sqrt(d_model)</c> scaling of the paper tokens and sinusoidal positions
/// have the same size. Positions are sinusoidal (fixed) or learned (<c>position.weight</c> <c>(maxLength, d_model)</c>).
/// </summary>
public sealed class TokenEmbedding : Module
{
    /// <summary>Creates the embedding.</summary>
    /// <param name="vocabularySize">Number of token ids.</param>
    /// <param name="modelDimension">d_model.</param>
    /// <param name="random">Source of the initial weights and of dropout.</param>
    /// <param name="learnedPositions">Learned positions (true) or sinusoidal ones (false).</param>
    /// <param name="maxLength">Longest sequence learned positions cover.</param>
    /// <param name="dropout">Dropout on the sum, in training only.</param>
    public TokenEmbedding(int vocabularySize, int modelDimension, Random random, bool learnedPositions = false, int maxLength = 128, double dropout = 0.1)
    {
        Token = RegisterModule("token", new Embedding(vocabularySize, modelDimension, random, 1 / Math.Sqrt(modelDimension)));
        Position = learnedPositions ? RegisterModule("position", new LearnedPositionalEmbedding(maxLength, modelDimension, random)) : null;
        Dropout = RegisterModule("dropout", new Dropout(dropout, random));
    }

    /// <summary>The token table.</summary>
    public Embedding Token { get; }

    /// <summary>The learned positions, or null for sinusoidal ones.</summary>
    public LearnedPositionalEmbedding? Position { get; }

    /// <summary>Dropout on the sum.</summary>
    public Dropout Dropout { get; }

    /// <summary>d_model.</summary>
    public int ModelDimension => Token.Dimension;

    /// <summary>
    /// Embeds B padded sequences of T ids as <c>(B T, d_model)</c> batch-major rows, with the batch's padding
    /// (steps at or beyond each sequence's length).
    /// </summary>
    public SequenceBatch Forward(PaddedBatch batch)
    {
        int size = batch.Size, time = batch.MaxLength;
        if (Position != null && time > Position.MaxLength)
            throw new ArgumentException($"TokenEmbedding: sequences of {time} steps are longer than the {Position.MaxLength} learned positions.", nameof(batch));
        var ids = batch.Ids.SelectMany(sequence => sequence).ToArray();                // B T ids, batch-major
        var tokens = Token.Forward(ids).Scale(Math.Sqrt(ModelDimension));              // (B T, d_model)
        var steps = Enumerable.Range(0, size * time).Select(row => row % time).ToArray();
        var positions = Position != null
            ? Position.Weight.GatherRows(steps)                                        // (B T, d_model)
            : Tensor.Constant(Tile(PositionalEncoding.Sinusoidal(time, ModelDimension), size));
        var padding = SequenceBatch.PaddingFromLengths(batch.Lengths, time);
        return new SequenceBatch(Dropout.Forward(tokens + positions), size, padding);
    }

    /// <summary>The <c>(T, d)</c> matrix repeated for every sequence: <c>(B T, d)</c>.</summary>
    private static Matrix<double> Tile(Matrix<double> perSequence, int copies)
    {
        int time = perSequence.RowCount;
        return Matrix<double>.Build.Dense(time * copies, perSequence.ColumnCount, (row, column) => perSequence[row % time, column]);
    }
}
