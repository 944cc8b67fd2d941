using System.Buffers.Binary;
using System.Text.Json;
using AttentionCourse.Nn;
using AttentionCourse.Training;

namespace AttentionCourse.Tests.Training;

public sealed class CheckpointTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("checkpoint-tests").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private sealed class TwoLayers(int hidden, int seed) : Module
    {
        public Linear First { get; } = new Linear(3, hidden, new Random(seed));
        public Linear Second { get; } = new Linear(hidden, 2, new Random(seed + 1));

        public TwoLayers Registered()
        {
            RegisterModule("first", First);
            RegisterModule("second", Second);
            return this;
        }
    }

    [Fact]
    public void Saved_parameters_load_back_exactly_into_a_fresh_model()
    {
        string path = Path.Combine(folder, "model.safetensors");
        var saved = new TwoLayers(4, 1).Registered();
        Checkpoint.Save(saved, path);
        var loaded = new TwoLayers(4, 100).Registered();
        Checkpoint.Load(loaded, path);
        var a = saved.Parameters();
        var b = loaded.Parameters();
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Value, b[i].Value);
    }

    [Fact]
    public void File_follows_the_safetensors_layout()
    {
        string path = Path.Combine(folder, "layout.safetensors");
        var model = new TwoLayers(4, 1).Registered();
        Checkpoint.Save(model, path, new Dictionary<string, string> { ["lesson"] = "02" });
        var bytes = File.ReadAllBytes(path);
        int headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, headerLength % 8);
        using var header = JsonDocument.Parse(bytes.AsMemory(8, headerLength));
        var weight = header.RootElement.GetProperty("first.weight");
        Assert.Equal("F64", weight.GetProperty("dtype").GetString());
        Assert.Equal([4, 3], weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal("02", header.RootElement.GetProperty("__metadata__").GetProperty("lesson").GetString());
        // Row-major data: element [1, 2] of first.weight is the 6th double after the header.
        long start = weight.GetProperty("data_offsets")[0].GetInt64();
        double stored = BinaryPrimitives.ReadDoubleLittleEndian(bytes.AsSpan(8 + headerLength + (int)start + 5 * 8));
        Assert.Equal(model.First.Weight.Value[1, 2], stored);
        Assert.Equal(8 + headerLength + model.ParameterCount * 8, bytes.Length);
    }

    [Fact]
    public void Loading_into_a_different_model_names_every_difference_and_changes_nothing()
    {
        string path = Path.Combine(folder, "small.safetensors");
        Checkpoint.Save(new TwoLayers(4, 1).Registered(), path);
        var other = new TwoLayers(5, 7).Registered();
        var before = other.First.Weight.Value.Clone();
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(other, path));
        Assert.Contains("'first.weight' has shape (4, 3) in the file but (5, 3)", error.Message);
        Assert.Contains("'second.weight'", error.Message);
        Assert.Equal(before, other.First.Weight.Value);

        var linear = new Linear(3, 4, new Random(1));
        var mismatch = Assert.Throws<InvalidDataException>(() => Checkpoint.Load(linear, path));
        Assert.Contains("missing 'weight'", mismatch.Message);
        Assert.Contains("unexpected 'first.weight'", mismatch.Message);
    }

    [Fact]
    public void Missing_and_malformed_files_get_clear_errors()
    {
        Assert.Throws<FileNotFoundException>(() => Checkpoint.Read(Path.Combine(folder, "none.safetensors")));
        string truncated = Path.Combine(folder, "bad.safetensors");
        File.WriteAllBytes(truncated, [200, 0, 0, 0, 0, 0, 0, 0, (byte)'{']);
        var error = Assert.Throws<InvalidDataException>(() => Checkpoint.Read(truncated));
        Assert.Contains("header length 200", error.Message);
    }
}
