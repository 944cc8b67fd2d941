using AttentionCourse.Nn;
using AttentionCourse.Tensors;
using AttentionCourse.Training;

namespace AttentionCourse.Tests.Training;

/// <summary>Small models that must actually learn: proof that layers, losses and optimizers fit together.</summary>
public class EndToEndTests
{
    private sealed class Mlp : Module
    {
        public Mlp(Random random)
        {
            Hidden = RegisterModule("hidden", new Linear(2, 8, random));
            Output = RegisterModule("output", new Linear(8, 2, random));
        }

        public Linear Hidden { get; }
        public Linear Output { get; }

        public Tensor Forward(Tensor x) => Output.Forward(Hidden.Forward(x).Tanh()); // (n, 2) logits
    }

    [Fact]
    public void A_two_layer_mlp_learns_xor()
    {
        var inputs = Tensor.FromArray(new double[,] { { 0, 0 }, { 0, 1 }, { 1, 0 }, { 1, 1 } });
        int[] labels = [0, 1, 1, 0];
        var model = new Mlp(new Random(0));
        var optimizer = new Adam(model.Parameters(), learningRate: 0.05);
        double firstLoss = 0, loss = 0;
        for (int step = 0; step < 300; step++)
        {
            optimizer.ZeroGrad();
            var lossTensor = Losses.CrossEntropy(model.Forward(inputs), labels);
            lossTensor.Backward();
            optimizer.Step();
            loss = lossTensor.Item();
            if (step == 0) firstLoss = loss;
        }
        Assert.InRange(firstLoss, 0.5, 1.0); // about ln 2 at the start
        Assert.True(loss < 0.05, $"loss {loss} after training");
        var predictions = model.Forward(inputs).Value;
        for (int i = 0; i < 4; i++)
            Assert.Equal(labels[i], predictions[i, 1] > predictions[i, 0] ? 1 : 0);
    }

    private sealed class Echo : Module
    {
        public Echo(int vocabulary, int hidden, Random random)
        {
            Embed = RegisterModule("embed", new Embedding(vocabulary, 8, random));
            Cell = RegisterModule("cell", new GRUCell(8, hidden, random));
            Readout = RegisterModule("readout", new Linear(hidden, vocabulary, random));
        }

        public Embedding Embed { get; }
        public GRUCell Cell { get; }
        public Linear Readout { get; }

        /// <summary>Reads a batch of sequences step by step; returns the logits of every step.</summary>
        public List<Tensor> Forward(int[][] sequences)
        {
            var state = Cell.ZeroState(sequences.Length);      // (batch, hidden)
            var logits = new List<Tensor>();
            for (int t = 0; t < sequences[0].Length; t++)
            {
                var tokens = Embed.Forward(sequences.Select(s => s[t]).ToArray()); // (batch, 8)
                state = Cell.Forward(tokens, state);
                logits.Add(Readout.Forward(state));              // (batch, vocabulary)
            }
            return logits;
        }
    }

    [Fact]
    public void A_gru_learns_to_echo_the_token_it_saw_two_steps_earlier()
    {
        const int vocabulary = 4, length = 6, delay = 2;
        var random = new Random(3);
        int[][] Batch(int size) => Enumerable.Range(0, size).Select(_ => Enumerable.Range(0, length).Select(_ => random.Next(vocabulary)).ToArray()).ToArray();
        double Accuracy(Echo model, int[][] batch, List<Tensor> logits) =>
            Enumerable.Range(delay, length - delay).Average(t => Enumerable.Range(0, batch.Length).Average(b =>
                logits[t].Value.Row(b).MaximumIndex() == batch[b][t - delay] ? 1.0 : 0.0));

        var model = new Echo(vocabulary, 24, new Random(4));
        var optimizer = new Adam(model.Parameters(), learningRate: 0.02);
        for (int step = 0; step < 250; step++)
        {
            var batch = Batch(32);
            var logits = model.Forward(batch);
            var loss = Enumerable.Range(delay, length - delay)
                .Select(t => Losses.CrossEntropy(logits[t], batch.Select(s => s[t - delay]).ToArray()))
                .Aggregate((a, b) => a + b);
            optimizer.ZeroGrad();
            loss.Backward();
            GradientClipping.ClipGlobalNorm(model.Parameters(), 1.0);
            optimizer.Step();
        }

        var test = Batch(200);
        using (Tensor.NoGrad())
        {
            double accuracy = Accuracy(model, test, model.Forward(test));
            Assert.True(accuracy > 0.95, $"echo accuracy {accuracy:P1} (chance is 25%)");
        }
    }
}
