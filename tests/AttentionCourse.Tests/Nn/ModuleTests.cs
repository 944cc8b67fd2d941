using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Tests.Nn;

public class ModuleTests
{
    private sealed class Block : Module
    {
        public Block(Random random)
        {
            Query = RegisterModule("w_q", new Linear(4, 4, random, bias: false));
            Norm = RegisterModule("norm", new LayerNorm(4));
            Drop = RegisterModule("dropout", new Dropout(0.5, random));
        }

        public Linear Query { get; }
        public LayerNorm Norm { get; }
        public Dropout Drop { get; }
    }

    private sealed class Encoder : Module
    {
        public Encoder(Random random)
        {
            Layers = RegisterModule("layers", new ModuleList<Block>([new Block(random), new Block(random)]));
            Scale = RegisterParameter("scale", MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(1, 1, 1.0));
        }

        public ModuleList<Block> Layers { get; }
        public Tensor Scale { get; }
    }

    [Fact]
    public void Parameters_have_hierarchical_names_in_registration_order()
    {
        var names = new Encoder(new Random(1)).NamedParameters().Select(p => p.Name).ToList();
        Assert.Equal(
            ["scale", "layers.0.w_q.weight", "layers.0.norm.weight", "layers.0.norm.bias", "layers.1.w_q.weight", "layers.1.norm.weight", "layers.1.norm.bias"],
            names);
    }

    [Fact]
    public void Parameter_count_adds_every_entry()
    {
        // 2 blocks x (16 weights + 4 + 4 norm) + 1 scale
        Assert.Equal(2 * 24 + 1, new Encoder(new Random(1)).ParameterCount);
        Assert.Equal(3 * 5 + 5, new Linear(3, 5, new Random(1)).ParameterCount);
    }

    [Fact]
    public void Eval_and_train_reach_every_sub_module()
    {
        var encoder = new Encoder(new Random(1));
        encoder.Eval();
        Assert.All(encoder.Layers.Items, b => Assert.False(b.Drop.Training));
        var x = Tensor.Randn(3, 4, new Random(2));
        Assert.Equal(x.Value, encoder.Layers[0].Drop.Forward(x).Value);
        encoder.Train();
        Assert.True(encoder.Layers[1].Drop.Training);
        Assert.NotEqual(x.Value, encoder.Layers[0].Drop.Forward(x).Value);
    }

    [Fact]
    public void ZeroGrad_clears_every_parameter_gradient()
    {
        var encoder = new Encoder(new Random(1));
        encoder.Eval();
        var x = Tensor.Randn(2, 4, new Random(3));
        encoder.Layers[1].Norm.Forward(encoder.Layers[0].Query.Forward(x)).Square().Sum().Backward();
        Assert.Contains(encoder.Parameters(), p => p.Grad.Enumerate().Any(g => g != 0));
        encoder.ZeroGrad();
        Assert.All(encoder.Parameters(), p => Assert.All(p.Grad.Enumerate(), g => Assert.Equal(0, g)));
    }

    [Fact]
    public void Same_seed_gives_same_initial_weights()
    {
        var a = new Encoder(new Random(42)).Parameters();
        var b = new Encoder(new Random(42)).Parameters();
        for (int i = 0; i < a.Count; i++) Assert.Equal(a[i].Value, b[i].Value);
    }
}
