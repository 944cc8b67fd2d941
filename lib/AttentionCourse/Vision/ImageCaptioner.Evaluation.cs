using AttentionCourse.Data;
using AttentionCourse.Metrics;

namespace AttentionCourse.Vision;

/// <summary>How well a captioner describes held-out images, and whether it looks at what it names.</summary>
/// <param name="ExactMatch">Share of captions equal to the reference.</param>
/// <param name="Bleu">Corpus BLEU (up to 4-grams).</param>
/// <param name="ColorAndShapeAccuracy">Share of colour and shape words right at their place in the caption.</param>
/// <param name="MassInside">Mean attention mass inside the named shape when writing a colour or shape word correctly.</param>
/// <param name="AreaShare">Mean share of the image that shape covers: what evenly spread attention would put inside.</param>
/// <param name="Captions">Every generated caption.</param>
public sealed record CaptionEvaluation(double ExactMatch, double Bleu, double ColorAndShapeAccuracy, double MassInside, double AreaShare,
    IReadOnlyList<GeneratedCaption> Captions)
{
    /// <summary>How many times more attention the named shape gets than its share of the area.</summary>
    public double Concentration => AreaShare == 0 ? 0 : MassInside / AreaShare;
}

public sealed partial class ImageCaptioner
{
    /// <summary>Captions <paramref name="test"/> greedily and scores words, BLEU and where the attention went.</summary>
    public CaptionEvaluation Evaluate(IReadOnlyList<ShapeScene> test, int batchSize = 100)
    {
        var captions = Batching.Chunk(test, batchSize).SelectMany(chunk => Caption(chunk)).ToList();
        int named = 0, namedRight = 0;
        var inside = new List<double>();
        var area = new List<double>();
        for (int i = 0; i < test.Count; i++)
        {
            var reference = test[i].Words;
            for (int w = 0; w < reference.Length; w++)
            {
                int shape = test[i].CaptionShapes[w];
                if (shape < 0) continue;
                named++;
                if (w >= captions[i].Words.Count || captions[i].Words[w] != reference[w]) continue;
                namedRight++;
                inside.Add(AttentionMass.Inside(captions[i].Attention[w], test[i].Shapes[shape].Mask));
                area.Add(test[i].Shapes[shape].AreaShare);
            }
        }
        var predicted = captions.Select(c => (IReadOnlyList<string>)c.Words.ToList()).ToList();
        var expected = test.Select(s => (IReadOnlyList<string>)s.Words).ToList();
        return new CaptionEvaluation(
            SequenceMetrics.ExactMatch(captions.Select(c => c.Text).ToList(), test.Select(s => s.Caption).ToList()),
            Bleu.Corpus(predicted, expected).Score,
            named == 0 ? 0 : namedRight / (double)named,
            inside.DefaultIfEmpty(0).Average(),
            area.DefaultIfEmpty(0).Average(),
            captions);
    }
}
