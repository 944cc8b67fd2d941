using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Training;

/// <summary>
/// Updates parameters from their gradients. Call <see cref="ZeroGrad"/> before each backward pass and
/// <see cref="Step"/> after it.
/// </summary>
public abstract class Optimizer
{
    /// <summary>Creates an optimizer over <paramref name="parameters"/> with step size <paramref name="learningRate"/>.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        Parameters = parameters.ToList();
        if (Parameters.Count == 0) throw new ArgumentException("The optimizer got no parameters to update.", nameof(parameters));
        foreach (var parameter in Parameters)
            if (!parameter.RequiresGrad)
                throw new ArgumentException($"The optimizer got a constant tensor {parameter.Shape} {parameter.Name}; parameters must be Variables.", nameof(parameters));
        LearningRate = learningRate;
    }

    /// <summary>The parameters being optimized.</summary>
    public IReadOnlyList<Tensor> Parameters { get; }

    /// <summary>The step size; a schedule may change it between steps.</summary>
    public double LearningRate { get; set; }

    /// <summary>How many steps have been taken.</summary>
    public int StepCount { get; private set; }

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters) parameter.ZeroGrad();
    }

    /// <summary>Updates every parameter in place from its gradient.</summary>
    public void Step()
    {
        StepCount++;
        for (int i = 0; i < Parameters.Count; i++) Update(i, Parameters[i].Value, Parameters[i].Grad);
    }

    /// <summary>Updates parameter number <paramref name="index"/> in place.</summary>
    protected abstract void Update(int index, Matrix<double> value, Matrix<double> gradient);

    /// <summary>One zero matrix per parameter, for optimizer state.</summary>
    protected Matrix<double>[] ZerosLikeParameters() =>
        Parameters.Select(p => Matrix<double>.Build.Dense(p.Rows, p.Columns)).ToArray();
}

/// <summary>
/// Stochastic gradient descent with optional momentum and L2 weight decay (PyTorch's <c>SGD</c>):
/// <c>v = momentum v + (g + decay w)</c>, <c>w -= lr v</c>.
/// </summary>
public sealed class Sgd : Optimizer
{
    private readonly double momentum;
    private readonly double weightDecay;
    private readonly Matrix<double>[] velocity;

    /// <summary>Creates the optimizer.</summary>
    public Sgd(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double weightDecay = 0)
        : base(parameters, learningRate)
    {
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        velocity = ZerosLikeParameters();
    }

    /// <inheritdoc />
    protected override void Update(int index, Matrix<double> value, Matrix<double> gradient)
    {
        var step = weightDecay == 0 ? gradient : gradient + weightDecay * value;
        if (momentum != 0)
        {
            velocity[index].Multiply(momentum, velocity[index]);
            velocity[index].Add(step, velocity[index]);
            step = velocity[index];
        }
        value.Subtract(LearningRate * step, value);
    }
}

/// <summary>
/// Adam (Kingma and Ba, 2015), as PyTorch's <c>Adam</c>, or with decoupled weight decay as <c>AdamW</c>
/// (Loshchilov and Hutter, 2019):
/// <code>
/// m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2
/// w -= lr * (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps)
/// </code>
/// </summary>
public class Adam : Optimizer
{
    private readonly double beta1, beta2, epsilon;
    private readonly Matrix<double>[] firstMoment, secondMoment;

    /// <summary>Creates Adam; <paramref name="weightDecay"/> is added to the gradient as an L2 penalty (PyTorch's Adam).</summary>
    public Adam(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : this(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: false)
    {
    }

    /// <summary>Creates Adam with either coupled (L2) or decoupled (AdamW) weight decay.</summary>
    protected Adam(IEnumerable<Tensor> parameters, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, bool decoupled)
        : base(parameters, learningRate)
    {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        WeightDecay = weightDecay;
        DecoupledWeightDecay = decoupled;
        firstMoment = ZerosLikeParameters();
        secondMoment = ZerosLikeParameters();
    }

    /// <summary>The weight-decay factor.</summary>
    public double WeightDecay { get; }

    /// <summary>True for AdamW: decay shrinks weights directly instead of entering the gradient.</summary>
    public bool DecoupledWeightDecay { get; }

    /// <inheritdoc />
    protected override void Update(int index, Matrix<double> value, Matrix<double> gradient)
    {
        if (WeightDecay != 0 && DecoupledWeightDecay) value.Multiply(1 - LearningRate * WeightDecay, value);
        var w = Tensor.Data(value);
        var g = Tensor.Data(gradient);
        var m = Tensor.Data(firstMoment[index]);
        var v = Tensor.Data(secondMoment[index]);
        double correction1 = 1 - PortableMath.PowInteger(beta1, StepCount);
        double correction2 = 1 - PortableMath.PowInteger(beta2, StepCount);
        double decay = DecoupledWeightDecay ? 0 : WeightDecay;
        // Whole vectors first: the same operations on each lane as the loop below on one number (no fused
        // multiply-adds, and square root and division are exact), so the same bits.
        int width = System.Numerics.Vector<double>.Count, i = 0;
        var beta1Vector = new System.Numerics.Vector<double>(beta1);
        var beta2Vector = new System.Numerics.Vector<double>(beta2);
        var oneMinusBeta1 = new System.Numerics.Vector<double>(1 - beta1);
        var oneMinusBeta2 = new System.Numerics.Vector<double>(1 - beta2);
        var decayVector = new System.Numerics.Vector<double>(decay);
        var rate = new System.Numerics.Vector<double>(LearningRate);
        var correction1Vector = new System.Numerics.Vector<double>(correction1);
        var correction2Vector = new System.Numerics.Vector<double>(correction2);
        var epsilonVector = new System.Numerics.Vector<double>(epsilon);
        for (; i <= w.Length - width; i += width)
        {
            var wi = new System.Numerics.Vector<double>(w, i);
            var gi = new System.Numerics.Vector<double>(g, i) + decayVector * wi;
            var mi = beta1Vector * new System.Numerics.Vector<double>(m, i) + oneMinusBeta1 * gi;
            var vi = beta2Vector * new System.Numerics.Vector<double>(v, i) + oneMinusBeta2 * gi * gi;
            mi.CopyTo(m, i);
            vi.CopyTo(v, i);
            (wi - rate * (mi / correction1Vector) / (System.Numerics.Vector.SquareRoot(vi / correction2Vector) + epsilonVector)).CopyTo(w, i);
        }
        for (; i < w.Length; i++)
        {
            double gi = g[i] + decay * w[i];
            m[i] = beta1 * m[i] + (1 - beta1) * gi;
            v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
            w[i] -= LearningRate * (m[i] / correction1) / (Math.Sqrt(v[i] / correction2) + epsilon);
        }
    }
}

/// <summary>Adam with decoupled weight decay (PyTorch's <c>AdamW</c>, default decay 0.01).</summary>
public sealed class AdamW : Adam
{
    /// <summary>Creates AdamW.</summary>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(parameters, learningRate, beta1, beta2, epsilon, weightDecay, decoupled: true)
    {
    }
}
