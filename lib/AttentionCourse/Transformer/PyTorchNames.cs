using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Transformer;

/// <summary>
/// Renames parameters between PyTorch's Transformer modules (<c>nn.TransformerEncoderLayer</c>,
/// <c>nn.TransformerDecoderLayer</c>, <c>nn.TransformerEncoder</c>/<c>Decoder</c>, <c>nn.Transformer</c>) and this
/// library's, so that a PyTorch <c>state_dict</c> saved as safetensors loads with <see cref="Nn.Module.LoadParameters"/>:
/// <code>
/// PyTorch                               here
/// *.in_proj_weight (3d, d)              *.w_q.weight, *.w_k.weight, *.w_v.weight: rows 0..d-1, d..2d-1, 2d..3d-1
/// *.in_proj_bias (3d)                   *.w_q.bias, *.w_k.bias, *.w_v.bias: entries 0..d-1, d..2d-1, 2d..3d-1
/// *.out_proj.weight, *.out_proj.bias    *.w_o.weight, *.w_o.bias
/// *.linear1.*, *.linear2.*              *.feed_forward.linear1.*, *.feed_forward.linear2.*
/// norm1..norm3, layers.i, norm          the same
/// </code>
/// Every other name passes through unchanged. Both sides compute <c>y = x W^T + b</c> with <c>W</c> stored
/// <c>(out, in)</c>, so no matrix is transposed.
/// </summary>
public static class PyTorchNames
{
    private static readonly string[] Projections = ["w_q", "w_k", "w_v"];

    /// <summary>PyTorch names and packed projections -> this library's names (see the table above).</summary>
    public static Dictionary<string, Matrix<double>> FromPyTorch(IReadOnlyDictionary<string, Matrix<double>> pytorch)
    {
        var result = new Dictionary<string, Matrix<double>>();
        foreach (var (name, value) in pytorch)
        {
            if (name.EndsWith("in_proj_weight", StringComparison.Ordinal))
            {
                string prefix = name[..^"in_proj_weight".Length];
                int d = value.RowCount / 3;                                                   // (3d, d) -> 3 x (d, d)
                for (int p = 0; p < 3; p++) result[$"{prefix}{Projections[p]}.weight"] = value.SubMatrix(p * d, d, 0, value.ColumnCount);
            }
            else if (name.EndsWith("in_proj_bias", StringComparison.Ordinal))
            {
                string prefix = name[..^"in_proj_bias".Length];
                var row = value.RowCount == 1 ? value : value.Transpose();                    // (1, 3d)
                int d = row.ColumnCount / 3;
                for (int p = 0; p < 3; p++) result[$"{prefix}{Projections[p]}.bias"] = row.SubMatrix(0, 1, p * d, d);
            }
            else result[Rename(name, ToOurs)] = value.Clone();
        }
        return result;
    }

    /// <summary>This library's names -> PyTorch's, packing the query, key and value projections into <c>in_proj_*</c>.</summary>
    public static Dictionary<string, Matrix<double>> ToPyTorch(IReadOnlyDictionary<string, Matrix<double>> ours)
    {
        var result = new Dictionary<string, Matrix<double>>();
        foreach (var (name, value) in ours)
        {
            string? projection = Projections.FirstOrDefault(p => name.EndsWith($"{p}.weight", StringComparison.Ordinal) || name.EndsWith($"{p}.bias", StringComparison.Ordinal));
            if (projection is null)
            {
                result[Rename(name, ToTheirs)] = value.Clone();
                continue;
            }
            if (projection != "w_q") continue; // packed together with w_q
            bool weight = name.EndsWith(".weight", StringComparison.Ordinal);
            string suffix = weight ? "weight" : "bias";
            string prefix = name[..^$"w_q.{suffix}".Length];
            var parts = Projections.Select(p => ours[$"{prefix}{p}.{suffix}"]).ToArray();
            result[$"{prefix}in_proj_{suffix}"] = weight
                ? parts[0].Stack(parts[1]).Stack(parts[2])                                     // 3 x (d, d) -> (3d, d)
                : parts[0].Append(parts[1]).Append(parts[2]);                                  // 3 x (1, d) -> (1, 3d)
        }
        return result;
    }

    private static readonly Dictionary<string, string> ToOurs = new() { ["out_proj"] = "w_o", ["linear1"] = "feed_forward.linear1", ["linear2"] = "feed_forward.linear2" };
    private static readonly Dictionary<string, string> ToTheirs = new() { ["w_o"] = "out_proj", ["feed_forward"] = "" };

    /// <summary>Replaces whole dot-separated segments of <paramref name="name"/>; an empty replacement drops the segment.</summary>
    private static string Rename(string name, Dictionary<string, string> segments) =>
        string.Join('.', name.Split('.').Select(s => segments.GetValueOrDefault(s, s)).Where(s => s.Length > 0));
}
