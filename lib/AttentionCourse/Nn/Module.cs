using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;

namespace AttentionCourse.Nn;

/// <summary>
/// A building block of a model (PyTorch's <c>nn.Module</c>): owns named parameters and named
/// sub-modules, so that a whole model's parameters have hierarchical names such as
/// <c>encoder.layers.0.w_q</c> for optimizers and checkpoints.
/// </summary>
public abstract class Module
{
    private readonly List<(string Name, Tensor Parameter)> parameters = [];
    private readonly List<(string Name, Module Child)> children = [];

    /// <summary>Whether the module is in training mode (dropout active); see <see cref="Train"/> and <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a trainable parameter under <paramref name="name"/> and returns it.</summary>
    protected Tensor RegisterParameter(string name, Matrix<double> initialValue)
    {
        RequireNewName(name);
        var parameter = Tensor.Variable(initialValue, name);
        parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers a sub-module under <paramref name="name"/> (its parameters become <c>name.*</c>) and returns it.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        RequireNewName(name);
        children.Add((name, module));
        return module;
    }

    /// <summary>
    /// Every parameter with a dotted hierarchical name: this module's own parameters first, then each sub-module's,
    /// each group in registration order (the order PyTorch's <c>named_parameters</c> uses).
    /// </summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters()
    {
        foreach (var (name, parameter) in parameters) yield return (name, parameter);
        foreach (var (prefix, child) in children)
            foreach (var (name, parameter) in child.NamedParameters())
                yield return ($"{prefix}.{name}", parameter);
    }

    /// <summary>Every parameter of this module and its sub-modules.</summary>
    public IReadOnlyList<Tensor> Parameters() => NamedParameters().Select(p => p.Parameter).ToList();

    /// <summary>The total number of trainable numbers.</summary>
    public int ParameterCount => NamedParameters().Sum(p => p.Parameter.Rows * p.Parameter.Columns);

    /// <summary>
    /// A copy of every parameter's value under its dotted name, in <see cref="NamedParameters"/> order (PyTorch's
    /// <c>state_dict</c>): what a checkpoint stores and what <see cref="LoadParameters"/> takes back.
    /// </summary>
    public Dictionary<string, Matrix<double>> StateDictionary() =>
        NamedParameters().ToDictionary(p => p.Name, p => p.Parameter.Value.Clone());

    /// <summary>
    /// Copies values into this module's parameters by name (PyTorch's <c>load_state_dict</c>). With
    /// <paramref name="strict"/> every parameter must be given and nothing else may be; in any mode each given
    /// value must have its parameter's shape. If anything does not fit, nothing is changed and the error names
    /// every missing, unexpected and wrongly shaped name.
    /// </summary>
    /// <param name="values">Matrices by dotted parameter name, e.g. <c>encoder.layers.0.norm1.weight</c>.</param>
    /// <param name="strict">Whether missing and unexpected names are errors (otherwise they are skipped).</param>
    /// <exception cref="ArgumentException">A name is missing, unexpected or has the wrong shape.</exception>
    public void LoadParameters(IReadOnlyDictionary<string, Matrix<double>> values, bool strict = true)
    {
        var problems = ParameterProblems(values, strict);
        if (problems.Count > 0)
            throw new ArgumentException($"The parameters do not fit {GetType().Name}: {string.Join("; ", problems)}.", nameof(values));
        foreach (var (name, parameter) in NamedParameters())
            if (values.TryGetValue(name, out var value)) value.CopyTo(parameter.Value);
    }

    /// <summary>Every reason why <paramref name="values"/> cannot be loaded, one sentence fragment each (empty if it fits).</summary>
    internal List<string> ParameterProblems(IReadOnlyDictionary<string, Matrix<double>> values, bool strict, string source = "in the values")
    {
        var problems = new List<string>();
        var parameters = NamedParameters().ToList();
        foreach (var (name, parameter) in parameters)
        {
            if (!values.TryGetValue(name, out var value))
            {
                if (strict) problems.Add($"missing '{name}' {parameter.Shape}");
            }
            else if (value.RowCount != parameter.Rows || value.ColumnCount != parameter.Columns)
                problems.Add($"'{name}' has shape ({value.RowCount}, {value.ColumnCount}) {source} but {parameter.Shape} in the model");
        }
        if (strict)
        {
            var known = parameters.Select(p => p.Name).ToHashSet();
            problems.AddRange(values.Keys.Where(k => !known.Contains(k)).Select(k => $"unexpected '{k}' (not a parameter of {GetType().Name})"));
        }
        return problems;
    }

    /// <summary>Switches this module and its sub-modules to training mode (or evaluation mode when <paramref name="training"/> is false).</summary>
    public void Train(bool training = true)
    {
        Training = training;
        foreach (var (_, child) in children) child.Train(training);
    }

    /// <summary>Switches to evaluation mode: dropout off.</summary>
    public void Eval() => Train(false);

    /// <summary>Sets every parameter's gradient to zero.</summary>
    public void ZeroGrad()
    {
        foreach (var parameter in Parameters()) parameter.ZeroGrad();
    }

    private void RequireNewName(string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Contains('.'))
            throw new ArgumentException($"A parameter or module name must be non-empty and without dots, got '{name}'.", nameof(name));
        if (parameters.Exists(p => p.Name == name) || children.Exists(c => c.Name == name))
            throw new ArgumentException($"{GetType().Name} already has a parameter or module named '{name}'.", nameof(name));
    }
}

/// <summary>An ordered list of modules of the same kind, named <c>0</c>, <c>1</c>, ... (PyTorch's <c>nn.ModuleList</c>).</summary>
/// <typeparam name="T">The kind of module.</typeparam>
public sealed class ModuleList<T> : Module where T : Module
{
    private readonly List<T> items = [];

    /// <summary>Builds the list from <paramref name="modules"/>.</summary>
    public ModuleList(IEnumerable<T> modules)
    {
        foreach (var module in modules) Add(module);
    }

    /// <summary>Appends a module, named by its position.</summary>
    public void Add(T module) => items.Add(RegisterModule(items.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));

    /// <summary>The module at <paramref name="index"/>.</summary>
    public T this[int index] => items[index];

    /// <summary>How many modules the list holds.</summary>
    public int Count => items.Count;

    /// <summary>The modules in order.</summary>
    public IReadOnlyList<T> Items => items;
}
