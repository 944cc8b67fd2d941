using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AttentionCourse.Nn;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Training;

/// <summary>
/// Saves and loads a module's named parameters as a safetensors file, the format PyTorch, Hugging Face
/// and many other tools read: an 8-byte little-endian header length, a JSON header giving each tensor's
/// dtype, shape and byte offsets, then the raw little-endian row-major data.
/// </summary>
public static class Checkpoint
{
    /// <summary>
    /// Writes every named parameter of <paramref name="module"/> (as <c>F64</c>) to <paramref name="path"/>.
    /// The file is written to a temporary name first and then moved, so a failed save never leaves a half-written checkpoint.
    /// </summary>
    /// <param name="module">The model whose parameters to save.</param>
    /// <param name="path">Destination file; its folder is created if missing.</param>
    /// <param name="metadata">Optional string metadata stored under <c>__metadata__</c>.</param>
    public static void Save(Module module, string path, IReadOnlyDictionary<string, string>? metadata = null) =>
        Write(module.StateDictionary(), path, metadata);

    /// <summary>Writes named matrices to a safetensors file as <c>F64</c>, in the given order.</summary>
    public static void Write(IReadOnlyDictionary<string, Matrix<double>> tensors, string path, IReadOnlyDictionary<string, string>? metadata = null)
    {
        var header = new JsonObject();
        if (metadata is { Count: > 0 })
        {
            var meta = new JsonObject();
            foreach (var (key, value) in metadata) meta[key] = value;
            header["__metadata__"] = meta;
        }
        long offset = 0;
        foreach (var (name, matrix) in tensors)
        {
            long size = (long)matrix.RowCount * matrix.ColumnCount * sizeof(double);
            header[name] = new JsonObject
            {
                ["dtype"] = "F64",
                ["shape"] = new JsonArray(matrix.RowCount, matrix.ColumnCount),
                ["data_offsets"] = new JsonArray(offset, offset + size),
            };
            offset += size;
        }
        var headerBytes = Encoding.UTF8.GetBytes(header.ToJsonString());
        // Pad the header with spaces so the data starts 8-byte aligned, as the reference implementation does.
        int padded = (headerBytes.Length + 7) / 8 * 8;

        string fullPath = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        string temporary = fullPath + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write))
        {
            Span<byte> eight = stackalloc byte[8];
            BinaryPrimitives.WriteUInt64LittleEndian(eight, (ulong)padded);
            stream.Write(eight);
            stream.Write(headerBytes);
            for (int i = headerBytes.Length; i < padded; i++) stream.WriteByte((byte)' ');
            foreach (var (_, matrix) in tensors)
                for (int r = 0; r < matrix.RowCount; r++)
                    for (int c = 0; c < matrix.ColumnCount; c++)
                    {
                        BinaryPrimitives.WriteDoubleLittleEndian(eight, matrix[r, c]);
                        stream.Write(eight);
                    }
        }
        File.Move(temporary, fullPath, overwrite: true);
    }

    /// <summary>
    /// Reads every tensor of a safetensors file into matrices (<c>F64</c> or <c>F32</c>; 1-D tensors become
    /// a single row, 2-D keep their shape).
    /// </summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a valid safetensors file; the message says what is wrong.</exception>
    public static Dictionary<string, Matrix<double>> Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Checkpoint file not found: {path}", path);
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw Invalid(path, "it is shorter than the 8-byte header length");
        ulong headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw Invalid(path, $"the header length {headerLength} exceeds the file size {bytes.Length}");
        int dataStart = 8 + (int)headerLength;

        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength))?.AsObject() ?? throw Invalid(path, "the header is empty");
        }
        catch (JsonException e)
        {
            throw Invalid(path, $"the header is not valid JSON ({e.Message})");
        }

        var result = new Dictionary<string, Matrix<double>>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            if (node is not JsonObject entry) throw Invalid(path, $"the entry for '{name}' is not an object");
            string dtype = entry["dtype"]?.GetValue<string>() ?? throw Invalid(path, $"'{name}' has no dtype");
            var shape = entry["shape"]?.AsArray().Select(d => d!.GetValue<int>()).ToArray() ?? throw Invalid(path, $"'{name}' has no shape");
            var offsets = entry["data_offsets"]?.AsArray().Select(d => d!.GetValue<long>()).ToArray() ?? throw Invalid(path, $"'{name}' has no data_offsets");
            int elementSize = dtype switch { "F64" => 8, "F32" => 4, _ => throw Invalid(path, $"'{name}' has dtype {dtype}; only F64 and F32 are supported") };
            var (rows, columns) = shape.Length switch
            {
                0 => (1, 1),
                1 => (1, shape[0]),
                2 => (shape[0], shape[1]),
                _ => throw Invalid(path, $"'{name}' has {shape.Length} dimensions; only up to 2 are supported"),
            };
            long expected = (long)rows * columns * elementSize;
            if (offsets.Length != 2 || offsets[1] - offsets[0] != expected || dataStart + offsets[1] > bytes.Length)
                throw Invalid(path, $"'{name}' has data_offsets [{string.Join(", ", offsets)}] that do not match its shape ({string.Join(", ", shape)}) and dtype {dtype} or lie outside the file");

            var matrix = Matrix<double>.Build.Dense(rows, columns);
            int start = dataStart + (int)offsets[0];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < columns; c++)
                {
                    var element = bytes.AsSpan(start + (r * columns + c) * elementSize);
                    matrix[r, c] = elementSize == 8 ? BinaryPrimitives.ReadDoubleLittleEndian(element) : BinaryPrimitives.ReadSingleLittleEndian(element);
                }
            result[name] = matrix;
        }
        return result;
    }

    /// <summary>
    /// Loads parameters saved by <see cref="Save"/> into <paramref name="module"/> in place. Every parameter
    /// name must be present with the same shape, and the file may hold nothing else; otherwise nothing is
    /// changed and the error lists every missing, unexpected and mis-shaped name.
    /// </summary>
    /// <exception cref="InvalidDataException">Names or shapes differ between the file and the module.</exception>
    public static void Load(Module module, string path)
    {
        var stored = Read(path);
        var problems = module.ParameterProblems(stored, strict: true, source: "in the file");
        if (problems.Count > 0)
            throw new InvalidDataException($"Checkpoint {path} does not fit {module.GetType().Name}: {string.Join("; ", problems)}.");
        module.LoadParameters(stored);
    }

    private static InvalidDataException Invalid(string path, string reason) =>
        new($"{path} is not a valid safetensors file: {reason}.");
}
