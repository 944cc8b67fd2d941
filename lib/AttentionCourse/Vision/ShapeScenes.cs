namespace AttentionCourse.Vision;

/// <summary>One coloured shape drawn in a scene.</summary>
/// <param name="Color">Colour name: red, green, blue or yellow.</param>
/// <param name="Kind">Shape name: square, circle or triangle.</param>
/// <param name="Mask">Which pixels the shape covers, <c>[row, column]</c>: its region, to measure attention against.</param>
public sealed record PlacedShape(string Color, string Kind, bool[,] Mask)
{
    /// <summary>The share of the image's pixels the shape covers.</summary>
    public double AreaShare
    {
        get
        {
            int covered = 0;
            foreach (bool pixel in Mask) if (pixel) covered++;
            return covered / (double)Mask.Length;
        }
    }
}

/// <summary>A small RGB image of two shapes with its caption.</summary>
/// <param name="Pixels">Colour values in [0, 1], indexed <c>[channel, row, column]</c> with channels red, green, blue.</param>
/// <param name="Caption">E.g. "a red square above a blue circle": the upper (or left) shape is named first.</param>
/// <param name="Shapes">The two shapes, in the order the caption names them.</param>
/// <param name="CaptionShapes">For each caption word, the index of the shape it names (its colour or kind), or -1.</param>
public sealed record ShapeScene(double[,,] Pixels, string Caption, IReadOnlyList<PlacedShape> Shapes, IReadOnlyList<int> CaptionShapes)
{
    /// <summary>Image height in pixels.</summary>
    public int Height => Pixels.GetLength(1);

    /// <summary>Image width in pixels.</summary>
    public int Width => Pixels.GetLength(2);

    /// <summary>The caption's words.</summary>
    public string[] Words => Caption.Split(' ');
}

/// <summary>
/// A seeded generator of captioned images for lesson 7: two shapes (square, circle or triangle; red, green, blue or
/// yellow), 11 to 14 pixels across in a 32-pixel image, on a dark, slightly noisy background, one above the other or
/// side by side (the other coordinate nearly the same, so the layout is never in doubt), captioned
/// "a red square above a blue circle" or "a green triangle left of a yellow square". The caption always names the
/// upper or the left shape first, so every image has exactly one correct caption.
/// </summary>
public static class ShapeScenes
{
    /// <summary>The colour names and their RGB values.</summary>
    public static IReadOnlyList<(string Name, double Red, double Green, double Blue)> Colors { get; } =
        [("red", 0.95, 0.15, 0.15), ("green", 0.15, 0.8, 0.2), ("blue", 0.2, 0.35, 1.0), ("yellow", 0.95, 0.9, 0.1)];

    /// <summary>The shape names.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["square", "circle", "triangle"];

    /// <summary>
    /// <paramref name="count"/> scenes of <paramref name="size"/> x <paramref name="size"/> pixels drawn with
    /// <paramref name="seed"/>; the same seed gives the same images.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The size is below 24 pixels, too small for two shapes.</exception>
    public static List<ShapeScene> Generate(int count, int seed, int size = 32)
    {
        if (size < 24) throw new ArgumentOutOfRangeException(nameof(size), $"Scenes need at least 24 x 24 pixels for two shapes, got {size}.");
        var random = new Random(seed);
        var scenes = new List<ShapeScene>(count);
        for (int i = 0; i < count; i++) scenes.Add(One(random, size));
        return scenes;
    }

    private static ShapeScene One(Random random, int size)
    {
        var pixels = new double[3, size, size];
        for (int c = 0; c < 3; c++)
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++) pixels[c, y, x] = 0.08 * random.NextDouble();

        bool vertical = random.Next(2) == 0;
        int first = random.Next(Colors.Count);
        int second = (first + 1 + random.Next(Colors.Count - 1)) % Colors.Count; // a different colour
        var shapes = new List<PlacedShape>();
        int firstAcross = 0;
        for (int s = 0; s < 2; s++)
        {
            int extent = random.Next(size * 11 / 32, size * 14 / 32 + 1);
            // The first shape lies wholly in the upper (or left) half, the second wholly in the other half.
            int half = size / 2, reach = (extent + 1) / 2;
            int along = s == 0 ? random.Next(reach, half - reach + 1) : random.Next(half + reach, size - reach + 1);
            // Across, the second shape stays within a few pixels of the first, so the layout (and the caption) is unambiguous.
            int across = s == 0 ? random.Next(reach, size - reach + 1)
                : Math.Clamp(firstAcross + random.Next(-size / 8, size / 8 + 1), reach, size - reach);
            if (s == 0) firstAcross = across;
            var (row, column) = vertical ? (along, across) : (across, along);
            string kind = Kinds[random.Next(Kinds.Count)];
            var color = Colors[s == 0 ? first : second];
            var mask = Draw(kind, row, column, extent, size);
            for (int y = 0; y < size; y++)
                for (int x = 0; x < size; x++)
                    if (mask[y, x])
                    {
                        pixels[0, y, x] = color.Red;
                        pixels[1, y, x] = color.Green;
                        pixels[2, y, x] = color.Blue;
                    }
            shapes.Add(new PlacedShape(color.Name, kind, mask));
        }
        string relation = vertical ? "above" : "left of";
        string caption = $"a {shapes[0].Color} {shapes[0].Kind} {relation} a {shapes[1].Color} {shapes[1].Kind}";
        int[] captionShapes = vertical ? [-1, 0, 0, -1, -1, 1, 1] : [-1, 0, 0, -1, -1, -1, 1, 1];
        return new ShapeScene(pixels, caption, shapes, captionShapes);
    }

    /// <summary>The pixels of a shape centred at (row, column) whose width and height are <paramref name="extent"/>.</summary>
    private static bool[,] Draw(string kind, int row, int column, int extent, int size)
    {
        var mask = new bool[size, size];
        double half = extent / 2.0;
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                double dy = y + 0.5 - row, dx = x + 0.5 - column;
                mask[y, x] = kind switch
                {
                    "square" => Math.Abs(dy) <= half && Math.Abs(dx) <= half,
                    "circle" => dy * dy + dx * dx <= half * half,
                    // Apex at the top, base at the bottom: the half-width grows from 0 to half going down.
                    _ => Math.Abs(dy) <= half && Math.Abs(dx) <= (dy + half) / 2,
                };
            }
        return mask;
    }
}
