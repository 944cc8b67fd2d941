using AttentionCourse.Attention;
using AttentionCourse.Nn;
using AttentionCourse.Transformer;
using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tests.Transformer;

/// <summary>
/// A second, deliberately plain implementation of the Transformer layers for the tests to compare against: one
/// sequence at a time, element loops over MathNet matrices, no Tensor and no shared code with the library's
/// forward passes. It follows PyTorch's nn.TransformerEncoderLayer / nn.TransformerDecoderLayer in evaluation mode.
/// </summary>
internal static class NaiveTransformer
{
    public static Matrix<double> EncoderLayer(TransformerEncoderLayer layer, Matrix<double> x, bool[] padding, bool[,]? mask, Activation activation)
    {
        if (layer.NormFirst)
        {
            x = x + Attention(layer.SelfAttention, Norm(layer.Norm1, x), Norm(layer.Norm1, x), padding, mask);
            return x + FeedForward(layer.FeedForward, Norm(layer.Norm2, x), activation);
        }
        x = Norm(layer.Norm1, x + Attention(layer.SelfAttention, x, x, padding, mask));
        return Norm(layer.Norm2, x + FeedForward(layer.FeedForward, x, activation));
    }

    public static Matrix<double> DecoderLayer(TransformerDecoderLayer layer, Matrix<double> x, Matrix<double> memory, bool[] targetPadding,
        bool[] memoryPadding, bool[,]? mask, Activation activation)
    {
        if (layer.NormFirst)
        {
            x = x + Attention(layer.SelfAttention, Norm(layer.Norm1, x), Norm(layer.Norm1, x), targetPadding, mask);
            x = x + Attention(layer.CrossAttention, Norm(layer.Norm2, x), memory, memoryPadding, null);
            return x + FeedForward(layer.FeedForward, Norm(layer.Norm3, x), activation);
        }
        x = Norm(layer.Norm1, x + Attention(layer.SelfAttention, x, x, targetPadding, mask));
        x = Norm(layer.Norm2, x + Attention(layer.CrossAttention, x, memory, memoryPadding, null));
        return Norm(layer.Norm3, x + FeedForward(layer.FeedForward, x, activation));
    }

    /// <summary>PyTorch's multi_head_attention_forward for one sequence: packed projections, per-head loops.</summary>
    public static Matrix<double> Attention(MultiHeadAttention attention, Matrix<double> query, Matrix<double> keyValue, bool[] keyPadding, bool[,]? mask)
    {
        int d = attention.ModelDimension, heads = attention.Heads, dh = d / heads;
        var q = Affine(query, attention.QueryProjection);
        var k = Affine(keyValue, attention.KeyProjection);
        var v = Affine(keyValue, attention.ValueProjection);
        var concat = Matrix<double>.Build.Dense(query.RowCount, d);
        for (int h = 0; h < heads; h++)
            for (int i = 0; i < query.RowCount; i++)
            {
                var scores = new double[keyValue.RowCount];
                for (int j = 0; j < keyValue.RowCount; j++)
                {
                    double s = 0;
                    for (int c = 0; c < dh; c++) s += q[i, h * dh + c] / Math.Sqrt(dh) * k[j, h * dh + c];
                    scores[j] = keyPadding[j] || (mask != null && mask[i, j]) ? double.NegativeInfinity : s;
                }
                double max = scores.Max();
                if (double.IsNegativeInfinity(max)) continue;
                var e = scores.Select(s => Math.Exp(s - max)).ToArray();
                double total = e.Sum();
                for (int j = 0; j < keyValue.RowCount; j++)
                    for (int c = 0; c < dh; c++) concat[i, h * dh + c] += e[j] / total * v[j, h * dh + c];
            }
        return Affine(concat, attention.OutputProjection);
    }

    public static Matrix<double> FeedForward(FeedForward block, Matrix<double> x, Activation activation)
    {
        var hidden = Affine(x, block.Linear1);
        hidden.MapInplace(activation == Activation.Relu ? h => Math.Max(0, h) : h => 0.5 * h * (1 + SpecialFunctions.Erf(h / Math.Sqrt(2))));
        return Affine(hidden, block.Linear2);
    }

    public static Matrix<double> Norm(LayerNorm norm, Matrix<double> x)
    {
        const double epsilon = 1e-5;
        var y = x.Clone();
        for (int i = 0; i < x.RowCount; i++)
        {
            var row = x.Row(i);
            double mean = row.Average();
            double variance = row.Select(r => (r - mean) * (r - mean)).Average();
            for (int j = 0; j < x.ColumnCount; j++)
                y[i, j] = (x[i, j] - mean) / Math.Sqrt(variance + epsilon) * norm.Weight.Value[0, j] + norm.Bias.Value[0, j];
        }
        return y;
    }

    /// <summary>x W^T + b, element by element.</summary>
    private static Matrix<double> Affine(Matrix<double> x, Linear layer)
    {
        var w = layer.Weight.Value;
        return Matrix<double>.Build.Dense(x.RowCount, w.RowCount, (i, o) =>
        {
            double s = layer.Bias!.Value[0, o];
            for (int c = 0; c < x.ColumnCount; c++) s += x[i, c] * w[o, c];
            return s;
        });
    }
}
