using System.Diagnostics;
using AttentionCourse.Vision;

namespace AttentionCourse.Benchmarks;

/// <summary>
/// The visual-attention targets of issue 13: caption accuracy and BLEU on held-out images, and whether the attention
/// lands on the shape being named. Run with <c>-- targets vision [steps learning-rate batch patch-size image-size]</c>.
/// </summary>
internal static class VisionTargets
{
    public static void Run(string[] rest)
    {
        var settings = rest.Length > 0 ? rest.Select(double.Parse).ToArray() : [1000, 1e-2, 32, 8, 32];
        int steps = (int)settings[0], batch = (int)settings[2], patch = (int)settings[3], size = settings.Length > 4 ? (int)settings[4] : 32;
        Console.WriteLine($"CPU: {Machine.CpuName()}, {Environment.ProcessorCount} logical processors");
        var train = ShapeScenes.Generate(5_000, seed: 1, size);
        var test = ShapeScenes.Generate(500, seed: 2, size);
        var model = ImageCaptioner.Create(train, new Random(1), patchSize: patch);
        Console.WriteLine($"vision: {size} x {size} images, {patch} x {patch} patches ({model.Patches.Patches} of them), {model.ParameterCount:N0} parameters, batch {batch}, Adam {settings[1]}");
        var clock = Stopwatch.StartNew();
        var history = model.Fit(train, steps, batchSize: batch, learningRate: settings[1], seed: 1,
            onProgress: p => { if (p.Step % 100 == 0) Console.WriteLine($"  {p}"); });
        var result = model.Evaluate(test);
        Console.WriteLine($"vision: exact captions {result.ExactMatch:P1}, BLEU {result.Bleu:F3}, colour and shape words right {result.ColorAndShapeAccuracy:P1}; " +
                          $"attention mass inside the named shape {result.MassInside:P1} vs its area share {result.AreaShare:P1} ({result.Concentration:F1}x); " +
                          $"{steps} batches in {history.Duration.TotalSeconds:F1} s (with evaluation {clock.Elapsed.TotalSeconds:F1} s)");
        var wrong = new Dictionary<string, int>();
        foreach (var (scene, caption) in test.Zip(result.Captions))
            for (int w = 0; w < scene.Words.Length; w++)
                if (w >= caption.Words.Count || caption.Words[w] != scene.Words[w])
                {
                    string key = $"{w}:{scene.Words[w]}->{(w < caption.Words.Count ? caption.Words[w] : "-")}";
                    wrong[key] = wrong.GetValueOrDefault(key) + 1;
                }
        Console.WriteLine("  most frequent word errors (position:expected->generated): " + string.Join(", ", wrong.OrderByDescending(p => p.Value).Take(12).Select(p => $"{p.Key} x{p.Value}")));
        foreach (var (scene, caption) in test.Zip(result.Captions).Take(3))
            Console.WriteLine($"  reference: {scene.Caption}\n  generated: {caption.Text}");
    }
}
