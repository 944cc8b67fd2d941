using AttentionCourse.Vision;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tests.Vision;

public class ShapeSceneTests
{
    [Fact]
    public void Scenes_reproduce_exactly_from_a_seed_and_differ_between_seeds()
    {
        static string Fingerprint(ShapeScene s) => s.Caption + string.Join(",", s.Pixels.Cast<double>().Take(200));
        var first = ShapeScenes.Generate(10, seed: 3);
        Assert.Equal(first.Select(Fingerprint), ShapeScenes.Generate(10, seed: 3).Select(Fingerprint));
        Assert.NotEqual(first.Select(Fingerprint), ShapeScenes.Generate(10, seed: 4).Select(Fingerprint));
    }

    [Fact]
    public void Captions_name_each_shapes_colour_and_kind_and_the_first_is_above_or_left_of_the_second()
    {
        foreach (var scene in ShapeScenes.Generate(100, seed: 1))
        {
            var words = scene.Words;
            Assert.Equal(words.Length, scene.CaptionShapes.Count);
            for (int w = 0; w < words.Length; w++)
                if (scene.CaptionShapes[w] is int s and >= 0)
                    Assert.Contains(words[w], new[] { scene.Shapes[s].Color, scene.Shapes[s].Kind });
            var (row0, column0) = Centre(scene.Shapes[0].Mask);
            var (row1, column1) = Centre(scene.Shapes[1].Mask);
            if (scene.Caption.Contains("above")) Assert.True(row1 - row0 > Math.Abs(column1 - column0), scene.Caption);
            else Assert.True(column1 - column0 > Math.Abs(row1 - row0), scene.Caption);
            // The masks do not overlap, and each shape's pixels have its colour.
            Assert.DoesNotContain(Enumerable.Range(0, scene.Height * scene.Width), i => scene.Shapes[0].Mask[i / scene.Width, i % scene.Width] && scene.Shapes[1].Mask[i / scene.Width, i % scene.Width]);
            var colour = ShapeScenes.Colors.First(c => c.Name == scene.Shapes[0].Color);
            var (y, x) = FirstPixel(scene.Shapes[0].Mask);
            Assert.Equal(colour.Red, scene.Pixels[0, y, x]);
        }
    }

    [Fact]
    public void Uniform_attention_puts_exactly_the_area_share_inside_a_region_and_focused_attention_all_of_it()
    {
        var region = new bool[8, 8];
        for (int y = 0; y < 4; y++) for (int x = 0; x < 4; x++) region[y, x] = true; // the top-left patch of a 2 x 2 grid
        var uniform = Matrix<double>.Build.Dense(2, 2, 0.25);
        Assert.Equal(0.25, AttentionMass.Inside(uniform, region), 12);
        var focused = Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 0 }, { 0, 0 } });
        Assert.Equal(1, AttentionMass.Inside(focused, region), 12);
        Assert.Equal(1, AttentionMass.ToPixels(uniform, 8).Enumerate().Sum(), 12);
        Assert.Throws<ArgumentException>(() => AttentionMass.ToPixels(Matrix<double>.Build.Dense(3, 3), 8));
    }

    private static (double Row, double Column) Centre(bool[,] mask)
    {
        double rows = 0, columns = 0, count = 0;
        for (int y = 0; y < mask.GetLength(0); y++)
            for (int x = 0; x < mask.GetLength(1); x++)
                if (mask[y, x]) { rows += y; columns += x; count++; }
        return (rows / count, columns / count);
    }

    private static (int Row, int Column) FirstPixel(bool[,] mask)
    {
        for (int y = 0; y < mask.GetLength(0); y++)
            for (int x = 0; x < mask.GetLength(1); x++)
                if (mask[y, x]) return (y, x);
        throw new InvalidOperationException("empty mask");
    }
}
