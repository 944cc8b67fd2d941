using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Attention;

/// <summary>
/// Sinusoidal positional encoding (Vaswani et al., 2017): attention itself ignores order, so each position
/// gets a fixed vector added to its token's embedding.
/// <code>
/// PE[pos, 2i]     = sin(pos / 10000^(2i / d_model))
/// PE[pos, 2i + 1] = cos(pos / 10000^(2i / d_model))
/// </code>
/// </summary>
public static class PositionalEncoding
{
    /// <summary>The encoding of positions <c>0 .. length - 1</c>, shape <c>(length, d_model)</c>.</summary>
    public static Matrix<double> Sinusoidal(int length, int modelDimension)
    {
        if (length < 0 || modelDimension <= 0)
            throw new ArgumentOutOfRangeException(nameof(length), $"Sinusoidal encoding needs length >= 0 and d_model > 0, got {length} and {modelDimension}.");
        return Matrix<double>.Build.Dense(length, modelDimension, (position, dimension) =>
        {
            // position / 10000^(2i / d_model), written as position * e^(-2i ln(10000) / d_model) as PyTorch's tutorials do
            double angle = position * PortableMath.Exp(-(dimension - dimension % 2) * PortableMath.Log(10000) / modelDimension);
            return dimension % 2 == 0 ? PortableMath.Sin(angle) : PortableMath.Cos(angle);
        });
    }

    /// <summary>Adds the sinusoidal encoding to a sequence of embeddings: <c>(T, d_model) -> (T, d_model)</c>.</summary>
    public static Tensor AddSinusoidal(Tensor embeddings) =>
        embeddings + Tensor.Constant(Sinusoidal(embeddings.Rows, embeddings.Columns));
}

/// <summary>
/// A learned positional embedding (as in BERT and GPT): one trainable vector per position up to a maximum
/// length, parameter <c>weight</c> <c>(maxLength, d_model)</c>, initialized normal with standard deviation 0.02.
/// </summary>
public sealed class LearnedPositionalEmbedding : Module
{
    /// <summary>Creates a table for positions <c>0 .. maxLength - 1</c>.</summary>
    public LearnedPositionalEmbedding(int maxLength, int modelDimension, Random random)
    {
        Weight = RegisterParameter("weight", Init.Normal(maxLength, modelDimension, 0.02, random));
    }

    /// <summary>The table, <c>(maxLength, d_model)</c>.</summary>
    public Tensor Weight { get; }

    /// <summary>The longest sequence the table covers.</summary>
    public int MaxLength => Weight.Rows;

    /// <summary>Adds each position's vector to a sequence: <c>(T, d_model) -> (T, d_model)</c>, T at most MaxLength.</summary>
    public Tensor Forward(Tensor embeddings)
    {
        if (embeddings.Rows > MaxLength || embeddings.Columns != Weight.Columns)
            throw new ArgumentException($"LearnedPositionalEmbedding: the sequence has shape {embeddings.Shape} but the table covers at most {MaxLength} positions of {Weight.Columns} features.", nameof(embeddings));
        return embeddings + Weight.SliceRows(0, embeddings.Rows);
    }
}
