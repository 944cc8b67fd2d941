using AttentionCourse.Attention;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using static AttentionCourse.Tests.TestData;

namespace AttentionCourse.Tests.Attention;

public class ScoreTests
{
    private static readonly Tensor Query = Tensor.FromArray(new double[,] { { 1, 2 } });
    private static readonly Tensor Keys = Tensor.FromArray(new double[,] { { 1, 0 }, { 0, 1 }, { 1, 1 } });

    [Fact]
    public void Dot_score_is_the_inner_product()
    {
        Assert.Equal(new double[,] { { 1, 2, 3 } }, new DotProductScore().Scores(Query, Keys).Value.ToArray());
    }

    [Fact]
    public void Scaled_dot_score_divides_by_sqrt_of_key_size()
    {
        var scores = new ScaledDotProductScore().Scores(Query, Keys).Value;
        Assert.Equal(3 / Math.Sqrt(2), scores[0, 2], 12);
    }

    [Fact]
    public void General_score_with_identity_weight_equals_dot_score()
    {
        var general = new GeneralScore(2, 2, new Random(1));
        Matrix<double>.Build.DenseIdentity(2).CopyTo(general.W.Weight.Value);
        Assert.Equal(new double[,] { { 1, 2, 3 } }, general.Scores(Query, Keys).Value.ToArray());
    }

    [Fact]
    public void General_score_applies_its_bilinear_weight()
    {
        // W = [[0, 1], [2, 0]] (d_q x d_k): q W k^T with q = (1, 2): q W = (4, 1)
        var general = new GeneralScore(2, 2, new Random(1));
        Matrix<double>.Build.DenseOfArray(new double[,] { { 0, 1 }, { 2, 0 } }).CopyTo(general.W.Weight.Value);
        Assert.Equal(new double[,] { { 4, 1, 5 } }, general.Scores(Query, Keys).Value.ToArray());
    }

    [Fact]
    public void Additive_score_matches_hand_computation()
    {
        var additive = new AdditiveScore(1, 1, 1, new Random(1));
        additive.QueryProjection.Weight.Value[0, 0] = 2;
        additive.KeyProjection.Weight.Value[0, 0] = 3;
        additive.Bias!.Value[0, 0] = 0.5;
        additive.V.Value[0, 0] = 4;
        var scores = additive.Scores(Tensor.FromArray(new double[,] { { 0.1 } }), Tensor.FromArray(new double[,] { { 0.2 }, { -0.3 } })).Value;
        Assert.Equal(4 * Math.Tanh(0.2 + 0.6 + 0.5), scores[0, 0], 12);
        Assert.Equal(4 * Math.Tanh(0.2 - 0.9 + 0.5), scores[0, 1], 12);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Additive_score_of_all_pairs_at_once_equals_scoring_one_query_at_a_time(bool bias)
    {
        // The per-query loop the batched Scores replaced: tanh(W_k K + b + W_q q_i) for each query, then v.
        var additive = new AdditiveScore(3, 5, 6, new Random(12), bias);
        var queries = Random(4, 3, 13);
        var keys = Random(7, 5, 14);
        var projectedKeys = additive.KeyProjection.Forward(keys);
        if (additive.Bias != null) projectedKeys += additive.Bias;
        var projectedQueries = additive.QueryProjection.Forward(queries);
        var rows = Enumerable.Range(0, queries.Rows)
            .Select(i => additive.V.MatMulTransposed((projectedKeys + projectedQueries.SliceRows(i, 1)).Tanh()))
            .ToArray();
        var oneAtATime = Tensor.ConcatRows(rows).Value;               // (4, 7)
        var allAtOnce = additive.Scores(queries, keys).Value;          // (4, 7)
        Assert.Equal((4, 7), (allAtOnce.RowCount, allAtOnce.ColumnCount));
        Assert.True((allAtOnce - oneAtATime).InfinityNorm() < 1e-13, $"largest difference {(allAtOnce - oneAtATime).InfinityNorm():E1}");
    }

    [Fact]
    public void Additive_score_without_bias_has_no_bias_parameter()
    {
        var additive = new AdditiveScore(3, 5, 4, new Random(1), bias: false);
        Assert.Null(additive.Bias);
        Assert.Equal(["v", "w_q.weight", "w_k.weight"], additive.NamedParameters().Select(p => p.Name));
    }

    public static TheoryData<string> ScoreNames => ["dot", "scaled", "general", "additive", "additive-no-bias"];

    private static AttentionScore Create(string name) => name switch
    {
        "dot" => new DotProductScore(),
        "scaled" => new ScaledDotProductScore(),
        "general" => new GeneralScore(3, 3, new Random(2)),
        "additive" => new AdditiveScore(3, 3, 4, new Random(3)),
        _ => new AdditiveScore(3, 3, 4, new Random(4), bias: false),
    };

    [Theory]
    [MemberData(nameof(ScoreNames))]
    public void Attention_gradients_match_finite_differences_for_inputs_and_score_parameters(string name)
    {
        var score = Create(name);
        var blocked = new bool[,] { { false, true, false, false }, { false, false, false, false } };
        AssertGradientsMatch(
            x => WeightedSum(AttentionFunctions.Attend(x[0], x[1], x[2], score, blocked).Context),
            [Random(2, 3, 5), Random(4, 3, 6), Random(4, 2, 7), .. score.Parameters()]);
    }

    [Theory]
    [MemberData(nameof(ScoreNames))]
    public void Weights_are_a_distribution_over_keys_and_context_is_their_average_of_values(string name)
    {
        var queries = Random(3, 3, 8);
        var keys = Random(5, 3, 9);
        var values = Random(5, 2, 10);
        var result = AttentionFunctions.Attend(queries, keys, values, Create(name));
        Assert.Equal((3, 5), (result.Weights.Rows, result.Weights.Columns));
        Assert.All(result.Weights.Value.RowSums(), s => Assert.Equal(1, s, 12));
        Assert.True((result.Weights.Value * values.Value - result.Context.Value).InfinityNorm() < 1e-12);
    }

    [Fact]
    public void Score_shape_errors_name_both_shapes()
    {
        var error = Assert.Throws<ArgumentException>(() => new DotProductScore().Scores(Tensor.Zeros(2, 3), Tensor.Zeros(4, 5)));
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(4, 5)", error.Message);
        var values = Assert.Throws<ArgumentException>(() => AttentionFunctions.ScaledDotProduct(Tensor.Zeros(2, 3), Tensor.Zeros(4, 3), Tensor.Zeros(5, 3)));
        Assert.Contains("(5, 3)", values.Message);
    }
}
