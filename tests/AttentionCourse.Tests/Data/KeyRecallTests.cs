using AttentionCourse.Data;

namespace AttentionCourse.Tests.Data;

public class KeyRecallTests
{
    [Fact]
    public void The_same_seed_gives_the_same_strings_and_another_seed_other_strings()
    {
        Assert.Equal(KeyRecall.Generate(50, 32, seed: 4), KeyRecall.Generate(50, 32, seed: 4));
        Assert.NotEqual(KeyRecall.Generate(50, 32, seed: 4), KeyRecall.Generate(50, 32, seed: 5));
    }

    [Fact]
    public void Every_string_holds_one_key_digit_among_letters_and_the_target_is_that_digit()
    {
        foreach (var pair in KeyRecall.Generate(200, 12, seed: 1))
        {
            Assert.Equal(12, pair.Source.Length);
            var digits = pair.Source.Where(char.IsDigit).ToList();
            Assert.Single(digits);
            Assert.Equal(digits[0].ToString(), pair.Target);
            Assert.All(pair.Source.Where(c => !char.IsDigit(c)), c => Assert.Contains(c, KeyRecall.Letters));
        }
    }

    [Fact]
    public void Distances_cover_every_position_from_the_last_to_the_first()
    {
        var distances = KeyRecall.Generate(2_000, 10, seed: 2).Select(p => KeyRecall.Distance(p.Source)).ToHashSet();
        Assert.Equal(Enumerable.Range(1, 10).ToHashSet(), distances);
        Assert.Equal(1, KeyRecall.Distance("abc7"));
        Assert.Equal(4, KeyRecall.Distance("7abc"));
        Assert.Throws<ArgumentException>(() => KeyRecall.Distance("abcd"));
    }

    [Fact]
    public void Accuracy_by_distance_groups_buckets_by_their_smallest_distance_in_order()
    {
        (string, bool)[] results = [("abc7", true), ("ab7c", false), ("a7bc", true), ("7abc", true), ("abc1", false)];
        var buckets = KeyRecall.AccuracyByDistance(results, bucketSize: 2);
        Assert.Equal([new DistanceAccuracy(1, 1 / 3.0, 3), new DistanceAccuracy(3, 1.0, 2)], buckets);
    }
}
