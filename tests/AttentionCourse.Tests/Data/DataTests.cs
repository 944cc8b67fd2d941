using System.Globalization;
using AttentionCourse.Data;

namespace AttentionCourse.Tests.Data;

public class DataTests
{
    [Fact]
    public void Vocabulary_reserves_special_ids_and_round_trips()
    {
        var tokenizer = new WordTokenizer();
        var texts = new[] { "the cat sat.", "the dog sat, too." };
        var vocabulary = Vocabulary.Build(texts.Select(tokenizer.Tokenize));
        Assert.Equal([Vocabulary.Pad, Vocabulary.Bos, Vocabulary.Eos, Vocabulary.Unk], vocabulary.Tokens.Take(4));
        Assert.True(vocabulary.Id("sat") < vocabulary.Id("cat"), "more frequent tokens get smaller ids");
        foreach (var text in texts)
        {
            var ids = vocabulary.Encode(tokenizer.Tokenize(text), addBos: true, addEos: true);
            Assert.Equal(Vocabulary.BosId, ids[0]);
            Assert.Equal(Vocabulary.EosId, ids[^1]);
            Assert.Equal(text, tokenizer.Detokenize(vocabulary.Decode(ids)));
        }
        Assert.Equal(Vocabulary.UnkId, vocabulary.Id("zebra"));
    }

    [Fact]
    public void Character_tokenizer_round_trips_any_text()
    {
        var tokenizer = new CharacterTokenizer();
        const string text = "Wednesday, March 3rd 2021";
        Assert.Equal(text.Length, tokenizer.Tokenize(text).Length);
        Assert.Equal(text, tokenizer.Detokenize(tokenizer.Tokenize(text)));
    }

    [Fact]
    public void Padding_fills_with_pad_id_and_keeps_lengths()
    {
        var batch = PaddedBatch.Pad([[5, 6, 7], [8]]);
        Assert.Equal([5, 6, 7], batch.Ids[0]);
        Assert.Equal([8, Vocabulary.PadId, Vocabulary.PadId], batch.Ids[1]);
        Assert.Equal([3, 1], batch.Lengths);
        Assert.Equal([6, Vocabulary.PadId], batch.Step(1));
    }

    [Fact]
    public void Train_test_split_is_deterministic_and_disjoint()
    {
        var items = Enumerable.Range(0, 100).ToList();
        var (train, test) = Batching.TrainTestSplit(items, 0.2, seed: 7);
        Assert.Equal(80, train.Count);
        Assert.Equal(20, test.Count);
        Assert.Empty(train.Intersect(test));
        Assert.Equal(test, Batching.TrainTestSplit(items, 0.2, seed: 7).Test);
        Assert.NotEqual(test, Batching.TrainTestSplit(items, 0.2, seed: 8).Test);
    }

    [Fact]
    public void Date_pairs_are_reproducible_and_every_source_means_its_target()
    {
        var pairs = DateNormalization.Generate(2000, seed: 1);
        Assert.Equal(pairs, DateNormalization.Generate(2000, seed: 1));
        string[] formats = ["d MMMM yyyy", "MMM d, yy", "dd/MM/yyyy", "dddd, MMMM d'xx' yyyy", "MMMM d, yyyy", "d/M/yy", "dd.MM.yyyy", "d MMM yyyy", "MMMM d yyyy", "ddd d MMM yyyy"];
        foreach (var (source, target) in pairs)
        {
            var normalized = System.Text.RegularExpressions.Regex.Replace(source, @"(\d)(st|nd|rd|th) ", "$1xx ");
            var culture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
            culture.Calendar.TwoDigitYearMax = 2049;
            Assert.True(DateTime.TryParseExact(normalized, formats, culture, DateTimeStyles.None, out var date), $"cannot read '{source}'");
            Assert.Equal(target, DateNormalization.Iso(date));
        }
        Assert.Contains(pairs, p => p.Source.Contains("day, "));
    }

    [Fact]
    public void Digit_reversal_reverses_strings_in_the_length_range()
    {
        var pairs = DigitSequences.Reversal(500, 10, 60, seed: 2);
        Assert.All(pairs, p =>
        {
            Assert.InRange(p.Source.Length, 10, 60);
            Assert.Equal(new string(p.Source.Reverse().ToArray()), p.Target);
            Assert.All(p.Source, c => Assert.True(char.IsAsciiDigit(c)));
        });
        Assert.Contains(pairs, p => p.Source.Length == 60);
        Assert.All(DigitSequences.Copy(10, 3, 3, seed: 2), p => Assert.Equal(p.Source, p.Target));
    }
}
