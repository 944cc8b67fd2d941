using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Tensors;

public sealed partial class Tensor
{
    /// <summary>Matrix product <c>(n, k) x (k, m) -> (n, m)</c>.</summary>
    /// <exception cref="ArgumentException">The inner dimensions differ.</exception>
    public Tensor MatMul(Tensor other)
    {
        if (Columns != other.Rows)
            throw new ArgumentException($"MatMul: left has shape {Shape} and right has shape {other.Shape}; the left's columns ({Columns}) must equal the right's rows ({other.Rows}).");
        var a = this;
        var b = other;
        return FromOperation(MatrixMath.Multiply(a.Value, b.Value), g =>
        {
            // d(AB)/dA = G B^T, d(AB)/dB = A^T G
            a.AccumulateGradProduct(false, true, Data(g), Data(b.Value), k: g.ColumnCount);
            b.AccumulateGradProduct(true, false, Data(a.Value), Data(g), k: a.Rows);
        }, a, b);
    }

    /// <summary>
    /// Matrix product with the right operand transposed, <c>(n, k) x (m, k)^T -> (n, m)</c>, without
    /// building the transpose: <c>x W^T</c> in a linear layer, <c>Q K^T</c> in attention.
    /// </summary>
    /// <exception cref="ArgumentException">The column counts differ.</exception>
    public Tensor MatMulTransposed(Tensor other)
    {
        if (Columns != other.Columns)
            throw new ArgumentException($"MatMulTransposed: left has shape {Shape} and right has shape {other.Shape}; both need the same number of columns, since the right is transposed.");
        var a = this;
        var b = other;
        return FromOperation(MatrixMath.MultiplyTransposed(a.Value, b.Value), g =>
        {
            // d(A B^T)/dA = G B, d(A B^T)/dB = G^T A
            a.AccumulateGradProduct(false, false, Data(g), Data(b.Value), k: g.ColumnCount);
            b.AccumulateGradProduct(true, false, Data(g), Data(a.Value), k: g.RowCount);
        }, a, b);
    }

    /// <summary>Transpose <c>(n, m) -> (m, n)</c>.</summary>
    public Tensor Transpose()
    {
        var a = this;
        return FromOperation(a.Value.Transpose(), g => a.AccumulateGrad(g.Transpose()), a);
    }

    /// <summary>
    /// Elementwise sum. <paramref name="other"/> may have the same shape, or be a row <c>(1, m)</c>
    /// added to every row, or a column <c>(n, 1)</c> added to every column, or a <c>(1, 1)</c> scalar.
    /// </summary>
    public Tensor Add(Tensor other) => Combine("Add", other, 1.0);

    /// <summary>Elementwise difference, broadcasting <paramref name="other"/> as <see cref="Add"/> does.</summary>
    public Tensor Subtract(Tensor other) => Combine("Subtract", other, -1.0);

    private Tensor Combine(string operation, Tensor other, double otherSign)
    {
        var a = this;
        var b = other;
        var broadcast = Broadcast.Of(operation, a, b);
        var value = Data(a.Value).ToArray();
        broadcast.AddInto(value, a.Rows, a.Columns, Data(b.Value), otherSign);
        return FromOperation(Build.Dense(a.Rows, a.Columns, value), g =>
        {
            a.AccumulateGrad(g);
            if (b.RequiresGrad) b.AccumulateGrad(broadcast.Reduce(g, otherSign));
        }, a, b);
    }

    /// <summary>Elementwise (Hadamard) product, broadcasting <paramref name="other"/> as <see cref="Add"/> does.</summary>
    public Tensor Multiply(Tensor other)
    {
        var a = this;
        var b = other;
        var broadcast = Broadcast.Of("Multiply", a, b);
        var bFull = broadcast.Expand(Data(b.Value), a.Rows, a.Columns);
        var x = Data(a.Value);
        var product = new double[x.Length];
        for (int i = 0; i < x.Length; i++) product[i] = x[i] * bFull[i];
        return FromOperation(Build.Dense(a.Rows, a.Columns, product), g =>
        {
            var gradient = Data(g);
            if (a.RequiresGrad)
            {
                var da = new double[gradient.Length];
                for (int i = 0; i < da.Length; i++) da[i] = gradient[i] * bFull[i];
                a.AccumulateGrad(Build.Dense(a.Rows, a.Columns, da), owned: true);
            }
            if (b.RequiresGrad)
            {
                var db = new double[gradient.Length];
                for (int i = 0; i < db.Length; i++) db[i] = gradient[i] * x[i];
                b.AccumulateGrad(broadcast.Reduce(Build.Dense(a.Rows, a.Columns, db), 1.0));
            }
        }, a, b);
    }

    /// <summary>
    /// Linear interpolation from this tensor to <paramref name="end"/>, <c>start + weight (end - start)</c>
    /// (PyTorch's <c>torch.lerp</c>), as one operation: weight 0 keeps this tensor, 1 gives <paramref name="end"/>.
    /// <paramref name="weight"/> broadcasts as in <see cref="Add"/>, e.g. a column <c>(n, 1)</c> with one weight per
    /// row. A recurrent encoder uses it to keep the state of sequences that have already ended.
    /// </summary>
    /// <param name="end">Where weight 1 leads, same shape as this tensor <c>(n, m)</c>.</param>
    /// <param name="weight">The weights: <c>(n, m)</c>, a row <c>(1, m)</c>, a column <c>(n, 1)</c> or a scalar.</param>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public Tensor Lerp(Tensor end, Tensor weight)
    {
        var start = this;
        RequireSameShape("Lerp", start.Value, end.Value, "start", "end");
        var broadcast = Broadcast.Of("Lerp", start, weight);
        var w = broadcast.Expand(Data(weight.Value), Rows, Columns);
        var s = Data(start.Value);
        var e = Data(end.Value);
        // Vectorized, with each element's operations and roundings as in s + (e - s) w one element at a time.
        var value = new double[s.Length];
        System.Numerics.Tensors.TensorPrimitives.Subtract(e, s, value);
        System.Numerics.Tensors.TensorPrimitives.Multiply(value, w, value);
        System.Numerics.Tensors.TensorPrimitives.Add(s, value, value);
        return FromOperation(Build.Dense(Rows, Columns, value), g =>
        {
            // d/dstart = g (1 - w), written g - g w; d/dend = g w; d/dweight = g (end - start), summed where it was stretched.
            var gradient = Data(g);
            var towardEnd = new double[gradient.Length];
            System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, w, towardEnd);
            if (start.RequiresGrad)
            {
                var dStart = new double[gradient.Length];
                System.Numerics.Tensors.TensorPrimitives.Subtract(gradient, towardEnd, dStart);
                start.AccumulateGrad(Build.Dense(Rows, Columns, dStart), owned: true);
            }
            end.AccumulateGrad(Build.Dense(Rows, Columns, towardEnd), owned: true);
            if (weight.RequiresGrad)
            {
                var dWeight = new double[gradient.Length];
                System.Numerics.Tensors.TensorPrimitives.Subtract(e, s, dWeight);
                System.Numerics.Tensors.TensorPrimitives.Multiply(gradient, dWeight, dWeight);
                weight.AccumulateGrad(broadcast.Reduce(Build.Dense(Rows, Columns, dWeight), 1.0));
            }
        }, start, end, weight);
    }

    /// <summary>Multiplies every element by the constant <paramref name="factor"/>.</summary>
    public Tensor Scale(double factor)
    {
        var a = this;
        return FromOperation(Scaled(a.Value, factor), g => a.AccumulateGrad(Scaled(g, factor), owned: true), a);
    }

    /// <summary>Elementwise negation.</summary>
    public Tensor Negate() => Scale(-1.0);

    /// <summary>Elementwise sum; see <see cref="Add"/> for broadcasting.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => a.Add(b);

    /// <summary>Elementwise difference; see <see cref="Add"/> for broadcasting.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => a.Subtract(b);

    /// <summary>Elementwise negation.</summary>
    public static Tensor operator -(Tensor a) => a.Negate();

    /// <summary>Elementwise product; see <see cref="Add"/> for broadcasting. (Matrix product is <see cref="MatMul"/>.)</summary>
    public static Tensor operator *(Tensor a, Tensor b) => a.Multiply(b);

    /// <summary>Scales every element.</summary>
    public static Tensor operator *(Tensor a, double factor) => a.Scale(factor);

    /// <summary>Scales every element.</summary>
    public static Tensor operator *(double factor, Tensor a) => a.Scale(factor);

    /// <summary>How a right-hand operand's shape stretches to the left-hand operand's shape.</summary>
    private enum BroadcastKind { Same, Row, Column, Scalar }

    private readonly record struct Broadcast(BroadcastKind Kind)
    {
        public static Broadcast Of(string operation, Tensor a, Tensor b)
        {
            if (a.Rows == b.Rows && a.Columns == b.Columns) return new(BroadcastKind.Same);
            if (b.Rows == 1 && b.Columns == 1) return new(BroadcastKind.Scalar);
            if (b.Rows == 1 && b.Columns == a.Columns) return new(BroadcastKind.Row);
            if (b.Columns == 1 && b.Rows == a.Rows) return new(BroadcastKind.Column);
            throw new ArgumentException($"{operation}: left has shape {a.Shape} and right has shape {b.Shape}; the right must have the same shape, or be a row (1, {a.Columns}), a column ({a.Rows}, 1) or a scalar (1, 1).");
        }

        /// <summary>
        /// target += sign * b, with b stretched to target's (rows, columns); all column-major. Vectorized a column at a
        /// time: each element is still target + (sign b), the same two roundings as one element at a time.
        /// </summary>
        public void AddInto(double[] target, int rows, int columns, double[] b, double sign)
        {
            // Same and Column stretch b down a column (column j of b starts at Index(0, j)); Row and Scalar give each
            // column one number.
            bool columnOfB = Kind is BroadcastKind.Same or BroadcastKind.Column;
            var signed = sign == 1.0 || !columnOfB ? b : ScaledCopy(b, sign);
            for (int j = 0; j < columns; j++)
            {
                var column = target.AsSpan(j * rows, rows);
                if (columnOfB) System.Numerics.Tensors.TensorPrimitives.Add(column, signed.AsSpan(Index(0, j, rows), rows), column);
                else System.Numerics.Tensors.TensorPrimitives.Add(column, sign * b[Index(0, j, rows)], column);
            }
        }

        /// <summary>b stretched to (rows, columns), column-major.</summary>
        public double[] Expand(double[] b, int rows, int columns)
        {
            if (Kind == BroadcastKind.Same) return b;
            var full = new double[rows * columns];
            for (int j = 0; j < columns; j++)
                for (int i = 0; i < rows; i++)
                    full[j * rows + i] = b[Index(i, j, rows)];
            return full;
        }

        /// <summary>The gradient of a stretched operand, times sign: summed over the stretched dimension.</summary>
        public Matrix<double> Reduce(Matrix<double> g, double sign)
        {
            if (Kind == BroadcastKind.Same) return sign == 1.0 ? g : Scaled(g, sign);
            int rows = g.RowCount, columns = g.ColumnCount;
            var gradient = Data(g);
            var (reducedRows, reducedColumns) = Kind switch
            {
                BroadcastKind.Scalar => (1, 1),
                BroadcastKind.Row => (1, columns),
                _ => (rows, 1),
            };
            var reduced = new double[reducedRows * reducedColumns];
            if (Kind == BroadcastKind.Row && sign == 1.0)
            {
                ColumnSumsInOrder(gradient, rows, reduced); // a bias's gradient: the same sums, four columns at a time
                return Build.Dense(reducedRows, reducedColumns, reduced);
            }
            for (int j = 0; j < columns; j++)
                for (int i = 0; i < rows; i++)
                    reduced[Index(i, j, rows)] += sign * gradient[j * rows + i];
            return Build.Dense(reducedRows, reducedColumns, reduced);
        }

        /// <summary>Where element [i, j] of the stretched operand lives in its own storage.</summary>
        private int Index(int i, int j, int rows) => Kind switch
        {
            BroadcastKind.Same => j * rows + i,
            BroadcastKind.Scalar => 0,
            BroadcastKind.Row => j,
            _ => i,
        };
    }

    /// <summary>factor * m as a new dense matrix.</summary>
    private static Matrix<double> Scaled(Matrix<double> m, double factor) => Build.Dense(m.RowCount, m.ColumnCount, ScaledCopy(Data(m), factor));

    /// <summary>factor * source as a new array.</summary>
    private static double[] ScaledCopy(double[] source, double factor)
    {
        var result = new double[source.Length];
        // One rounded product per element, vectorized or not: the same bits as a scalar loop.
        System.Numerics.Tensors.TensorPrimitives.Multiply(source, factor, result);
        return result;
    }
}
