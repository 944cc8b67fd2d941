using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.LinearAlgebra.Double;

namespace AttentionCourse.Tensors;

/// <summary>
/// A matrix that remembers how it was computed, so that gradients can flow back through it
/// (reverse-mode automatic differentiation, as in micrograd, but on whole matrices).
/// Every value in the course is a matrix of shape <c>(rows, columns)</c>: a batch of row vectors,
/// a weight matrix, or a <c>(1, 1)</c> scalar such as a loss.
/// </summary>
/// <remarks>
/// Each operation (in the <c>Tensor.*.cs</c> files) computes its value and, right beside it, a
/// backward closure that turns the gradient of its output into gradients of its inputs.
/// <see cref="Backward()"/> sorts the graph topologically and runs those closures in reverse.
/// </remarks>
public sealed partial class Tensor
{
    private static readonly MatrixBuilder<double> Build = Matrix<double>.Build;

    private readonly Tensor[] parents;
    private readonly Action<Matrix<double>>? backward;
    private Matrix<double>? grad;
    private bool gradientPassedOn;

    private Tensor(Matrix<double> value, bool requiresGrad, Tensor[] parents, Action<Matrix<double>>? backward, string? name)
    {
        // Operations read the column-major storage of dense matrices directly (see Data).
        Value = value as DenseMatrix ?? DenseMatrix.OfMatrix(value);
        RequiresGrad = requiresGrad;
        this.parents = parents;
        this.backward = backward;
        Name = name;
    }

    /// <summary>The current value, shape <c>(Rows, Columns)</c>.</summary>
    public Matrix<double> Value { get; }

    /// <summary>
    /// The gradient of the last <see cref="Backward()"/> root with respect to this tensor, same shape as
    /// <see cref="Value"/>; zeros until a backward pass reaches it. Gradients accumulate across backward
    /// passes until <see cref="ZeroGrad"/>. Only Variables and parameters keep theirs: an intermediate result
    /// hands its gradient on to its inputs during <see cref="Backward()"/> and then lets it go (as PyTorch does),
    /// so that a long sequence's graph does not hold a gradient for every step.
    /// </summary>
    /// <exception cref="InvalidOperationException">This is an intermediate result and a backward pass has gone through it.</exception>
    public Matrix<double> Grad => grad ?? (gradientPassedOn
        ? throw new InvalidOperationException($"This {Shape} tensor is an intermediate result: its gradient was passed on to its inputs during Backward() and then released. Only Variables and parameters keep their gradients; to see this one, make it a Variable (e.g. Tensor.Variable(x.Value.Clone())) and compute from that.")
        : grad = Build.Dense(Rows, Columns));

    /// <summary>Whether gradients are computed for this tensor (parameters and anything computed from them).</summary>
    public bool RequiresGrad { get; }

    /// <summary>An optional name, used in error messages and by modules for parameters.</summary>
    public string? Name { get; }

    /// <summary>Number of rows (the first dimension).</summary>
    public int Rows => Value.RowCount;

    /// <summary>Number of columns (the second dimension).</summary>
    public int Columns => Value.ColumnCount;

    /// <summary>The shape written as <c>(rows, columns)</c>, for messages.</summary>
    public string Shape => $"({Rows}, {Columns})";

    /// <summary>Wraps a matrix as a constant: no gradient flows into it.</summary>
    public static Tensor Constant(Matrix<double> value, string? name = null) => new(value, false, [], null, name);

    /// <summary>Wraps a matrix as a leaf that collects gradients (a parameter, or an input being checked).</summary>
    public static Tensor Variable(Matrix<double> value, string? name = null) => new(value, true, [], null, name);

    /// <summary>A constant from a rectangular array, row by row: <c>values[row, column]</c>.</summary>
    public static Tensor FromArray(double[,] values) => Constant(Build.DenseOfArray(values));

    /// <summary>A constant row vector of shape <c>(1, values.Length)</c>.</summary>
    public static Tensor Row(params double[] values) => Constant(Build.Dense(1, values.Length, values));

    /// <summary>A constant <c>(1, 1)</c> scalar.</summary>
    public static Tensor Scalar(double value) => Constant(Build.Dense(1, 1, value));

    /// <summary>A constant of zeros, shape <c>(rows, columns)</c>.</summary>
    public static Tensor Zeros(int rows, int columns) => Constant(Build.Dense(rows, columns));

    /// <summary>The value of a <c>(1, 1)</c> tensor.</summary>
    /// <exception cref="InvalidOperationException">The tensor is not <c>(1, 1)</c>.</exception>
    public double Item()
    {
        if (Rows != 1 || Columns != 1)
            throw new InvalidOperationException($"Item() needs a (1, 1) tensor, but this one is {Shape}.");
        return Value[0, 0];
    }

    /// <summary>Sets the gradient back to zeros.</summary>
    public void ZeroGrad() => grad?.Clear();

    /// <summary>
    /// Computes the gradient of this scalar with respect to every tensor it was computed from
    /// (seeding d this / d this = 1), accumulating into their <see cref="Grad"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">This tensor is not <c>(1, 1)</c>, or does not require gradients.</exception>
    public void Backward()
    {
        if (Rows != 1 || Columns != 1)
            throw new InvalidOperationException($"Backward() starts from a (1, 1) scalar such as a loss, but this tensor is {Shape}. Reduce it first, e.g. with Sum() or Mean().");
        Backward(Build.Dense(1, 1, 1.0));
    }

    /// <summary>Back-propagates a given output gradient <paramref name="outputGradient"/> (same shape as <see cref="Value"/>).</summary>
    public void Backward(Matrix<double> outputGradient)
    {
        if (!RequiresGrad)
            throw new InvalidOperationException("Backward() reached a tensor that does not require gradients: nothing it depends on is a Variable or parameter (or it was computed inside Tensor.NoGrad()).");
        RequireSameShape("Backward", Value, outputGradient, "value", "outputGradient");

        var order = TopologicalOrder();
        AccumulateGrad(outputGradient);
        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            if (node.backward != null && node.grad != null)
            {
                node.backward(node.grad);
                node.grad = null; // passed on to the inputs: free it now rather than when the whole graph goes
                node.gradientPassedOn = true;
            }
        }
    }

    /// <summary>
    /// The number of operations on the longest chain of the graph that ends here, from a parameter or input to this
    /// tensor: the operations that must run one after another. Everything else could run in parallel. A recurrent
    /// encoder's chain grows with the sequence length (step t waits for step t - 1); a self-attention layer's does not.
    /// </summary>
    public int GraphDepth()
    {
        var depth = new Dictionary<Tensor, int>(ReferenceEqualityComparer.Instance);
        foreach (var node in TopologicalOrder())   // parents before children
        {
            int deepest = -1;
            foreach (var parent in node.parents)
                if (parent.RequiresGrad) deepest = Math.Max(deepest, depth[parent]);
            depth[node] = deepest + 1;             // a leaf (parameter, input) is at depth 0
        }
        return depth[this];
    }

    private List<Tensor> TopologicalOrder()
    {
        // Iterative depth-first search: recurrent models build graphs thousands of nodes deep.
        var order = new List<Tensor>();
        var visited = new HashSet<Tensor>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<(Tensor Node, int NextParent)>();
        stack.Push((this, 0));
        visited.Add(this);
        while (stack.Count > 0)
        {
            var (node, next) = stack.Pop();
            if (next < node.parents.Length)
            {
                stack.Push((node, next + 1));
                var parent = node.parents[next];
                if (parent.RequiresGrad && visited.Add(parent))
                    stack.Push((parent, 0));
            }
            else
            {
                order.Add(node);
            }
        }
        return order;
    }

    /// <summary>
    /// Adds <paramref name="gradient"/> (column-major, the length of the value) into this tensor's gradient, if it
    /// collects one: for an operation that computed its contribution in a scratch buffer it reuses.
    /// </summary>
    internal void AccumulateGrad(ReadOnlySpan<double> gradient)
    {
        if (!RequiresGrad) return;
        if (grad == null)
        {
            var copy = new DenseMatrix(Rows, Columns);
            gradient.CopyTo(copy.Values);
            grad = copy;
            return;
        }
        var total = Data(grad).AsSpan();
        System.Numerics.Tensors.TensorPrimitives.Add(total, gradient.Slice(0, total.Length), total);
    }

    /// <summary>
    /// Adds the product <c>op(A) op(B)</c> (see <see cref="MatrixMath.Multiply(bool, bool, double[], double[], double[], int, int, int)"/>),
    /// this tensor's shape <c>(m, n)</c>, into its gradient: computed straight into a new gradient, or into a pooled
    /// scratch buffer and then added, the same sums either way (a parameter's gradient gets one such product per use).
    /// </summary>
    internal void AccumulateGradProduct(bool transposeA, bool transposeB, double[] a, double[] b, int k)
    {
        if (!RequiresGrad) return;
        int m = Rows, n = Columns;
        if (grad == null)
        {
            var fresh = new DenseMatrix(m, n);
            MatrixMath.Multiply(transposeA, transposeB, a, b, fresh.Values, m, n, k);
            grad = fresh;
            return;
        }
        MatrixMath.MultiplyAdd(transposeA, transposeB, a, b, Data(grad), m, n, k);
    }

    /// <summary>
    /// This tensor's gradient storage (column-major), for an operation that writes its contribution straight into it
    /// instead of building a matrix to add. <paramref name="add"/> says how: true, add to what is there; false, the
    /// gradient has just been created and the operation must <b>write</b> every element (which is what adopting its
    /// matrix would have given: adding to fresh zeros would turn a -0 into +0).
    /// </summary>
    internal double[] GradStorage(out bool add)
    {
        add = grad != null;
        grad ??= new DenseMatrix(Rows, Columns);
        return Data(grad);
    }

    /// <summary><c>target += contribution</c>, or <c>target = contribution</c> when not <paramref name="add"/> (see <see cref="GradStorage"/>).</summary>
    internal static void AddOrWrite(ReadOnlySpan<double> contribution, Span<double> target, bool add)
    {
        if (add) System.Numerics.Tensors.TensorPrimitives.Add(target, contribution, target);
        else contribution.CopyTo(target);
    }

    /// <summary>Adds <paramref name="gradient"/> into this tensor's gradient, if it collects one.</summary>
    /// <param name="gradient">The contribution, same shape as the value.</param>
    /// <param name="owned">True when the caller made <paramref name="gradient"/> just for this call and will not touch it
    /// again, so it can become the gradient without a copy.</param>
    internal void AccumulateGrad(Matrix<double> gradient, bool owned = false)
    {
        if (!RequiresGrad) return;
        if (grad == null)
        {
            grad = gradient is not DenseMatrix ? DenseMatrix.OfMatrix(gradient) : owned ? gradient : gradient.Clone();
            return;
        }
        var total = Data(grad);
        System.Numerics.Tensors.TensorPrimitives.Add(total, Data(gradient), total);
    }

    /// <summary>
    /// Makes the result of an operation: a constant when no input needs gradients (or inside
    /// <see cref="NoGrad"/>), otherwise a node whose <paramref name="backward"/> receives the output gradient.
    /// </summary>
    internal static Tensor FromOperation(Matrix<double> value, Action<Matrix<double>> backward, params Tensor[] inputs)
    {
        if (NoGradScope.IsActive || !Array.Exists(inputs, t => t.RequiresGrad))
            return new Tensor(value, false, [], null, null);
        return new Tensor(value, true, inputs, backward, null);
    }

    /// <summary>
    /// Turns off graph building until the returned scope is disposed: for inference, evaluation and
    /// optimizer updates. <c>using (Tensor.NoGrad()) { ... }</c>
    /// </summary>
    public static IDisposable NoGrad() => new NoGradScope();

    /// <summary>A copy of the value with no history (a constant).</summary>
    public Tensor Detach() => Constant(Value.Clone(), Name);

    /// <inheritdoc />
    public override string ToString() => $"Tensor{Shape}{(Name is null ? "" : " " + Name)}\n{Value.ToMatrixString(8, 8)}";

    /// <summary>
    /// The column-major storage of a dense matrix: element <c>[i, j]</c> is at <c>j * rows + i</c>.
    /// Every tensor value and every matrix an operation builds is dense.
    /// </summary>
    internal static double[] Data(Matrix<double> matrix) =>
        (matrix as DenseMatrix ?? throw new ArgumentException("Internal error: expected a dense matrix.")).Values;

    internal static void RequireSameShape(string operation, Matrix<double> a, Matrix<double> b, string aName, string bName)
    {
        if (a.RowCount != b.RowCount || a.ColumnCount != b.ColumnCount)
            throw new ArgumentException($"{operation}: {aName} has shape ({a.RowCount}, {a.ColumnCount}) but {bName} has shape ({b.RowCount}, {b.ColumnCount}); they must match.");
    }

    /// <summary>Whether a <see cref="NoGrad"/> scope is active on this thread (work handed to another thread carries it over).</summary>
    internal static bool GradientsOff => NoGradScope.IsActive;

    private sealed class NoGradScope : IDisposable
    {
        [ThreadStatic] private static int depth;
        private bool disposed;

        public NoGradScope() => depth++;

        public static bool IsActive => depth > 0;

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            depth--;
        }
    }
}
