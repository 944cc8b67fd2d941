using AttentionCourse.Nn;
using AttentionCourse.Tensors;

namespace AttentionCourse.Seq2Seq;

/// <summary>How a decoder uses the encoder's states.</summary>
public enum DecoderAttention
{
    /// <summary>
    /// No attention: the decoder sees only the encoder's final state, a fixed context vector fed at every step
    /// (Cho et al., 2014). Everything about the source must fit in that one vector: the bottleneck of lesson 2.
    /// </summary>
    None,
    /// <summary>Bahdanau et al. (2015): before each step, the previous decoder state scores every source state with an additive score.</summary>
    Additive,
    /// <summary>Luong et al. (2015) "dot": after each step, the new decoder state scores the source states by dot product.</summary>
    Dot,
    /// <summary>Luong et al. (2015) "general": as <see cref="Dot"/> with a learned bilinear map, <c>s^T W h</c>.</summary>
    General,
}

/// <summary>The decoder's running state between steps.</summary>
/// <param name="Recurrent">The recurrent cell's state.</param>
/// <param name="AttentionalHidden">Luong's attentional vector of the previous step (input feeding), <c>(B, H)</c>; null for the other decoders.</param>
public sealed record DecoderState(RecurrentState Recurrent, Tensor? AttentionalHidden)
{
    /// <summary>The rows <paramref name="rows"/> of the state (to reorder beams).</summary>
    internal DecoderState Rows(IReadOnlyList<int> rows) => new(Recurrent.Rows(rows), AttentionalHidden?.GatherRows(rows));
}

/// <summary>What the decoder precomputes from the encoder once per batch.</summary>
/// <param name="Encoder">The encoder's output.</param>
/// <param name="Keys">Time-major keys: projected states (additive, general), the states (dot), or null (no attention).</param>
public sealed record DecoderMemory(EncoderOutput Encoder, Tensor? Keys);

/// <summary>One decoder step's result.</summary>
/// <param name="Logits">Scores of the next token, <c>(B, vocabulary)</c>.</param>
/// <param name="State">The state for the next step.</param>
/// <param name="Weights">Attention weights over the source, <c>(B, T)</c>, or null without attention.</param>
public sealed record DecoderStep(Tensor Logits, DecoderState State, Tensor? Weights);

/// <summary>
/// Generates the target sequence one token at a time from the encoder's states, with or without attention
/// (see <see cref="DecoderAttention"/>). Its initial state is <c>tanh(W_bridge · final encoder state)</c>.
/// <code>
/// None      s_t = cell([y_(t-1); c], s_(t-1)),  c = final encoder state;   logits = W_out [s_t; c]
/// Additive  a_t = softmax(v · tanh(W_q s_(t-1) + W_k h_j));  c_t = sum_j a_tj h_j
///           s_t = cell([y_(t-1); c_t], s_(t-1));                          logits = W_out [s_t; c_t]
/// Dot/General  s_t = cell([y_(t-1); h~_(t-1)], s_(t-1));  a_t = softmax(s_t · h_j  or  s_t · W h_j)
///           c_t = sum_j a_tj h_j;  h~_t = tanh(W_c [c_t; s_t]);           logits = W_out h~_t
/// </code>
/// </summary>
public sealed class Seq2SeqDecoder : Module
{
    /// <summary>Creates the decoder.</summary>
    /// <param name="vocabulary">Target vocabulary size.</param>
    /// <param name="embeddingSize">Size of the target token embeddings.</param>
    /// <param name="hiddenSize">Decoder state size H.</param>
    /// <param name="encoderSize">Size of the encoder's states H_enc.</param>
    /// <param name="attention">How the decoder uses the encoder states.</param>
    /// <param name="kind">GRU or LSTM.</param>
    /// <param name="random">Source of the initial weights.</param>
    /// <param name="attentionSize">Hidden size of the additive score (default H).</param>
    public Seq2SeqDecoder(int vocabulary, int embeddingSize, int hiddenSize, int encoderSize, DecoderAttention attention, RecurrentCellKind kind, Random random, int? attentionSize = null)
    {
        if (attention == DecoderAttention.Dot && hiddenSize != encoderSize)
            throw new ArgumentException($"Dot attention compares decoder states (size {hiddenSize}) with encoder states (size {encoderSize}) directly, so the sizes must be equal; use General or Additive attention otherwise.");
        Attention = attention;
        HiddenSize = hiddenSize;
        Embedding = RegisterModule("embedding", new Embedding(vocabulary, embeddingSize, random));
        Bridge = RegisterModule("bridge", new Linear(encoderSize, hiddenSize, random));
        bool luong = attention is DecoderAttention.Dot or DecoderAttention.General;
        Cell = RegisterModule("rnn", new RecurrentUnit(kind, embeddingSize + (luong ? hiddenSize : encoderSize), hiddenSize, random));
        switch (attention)
        {
            case DecoderAttention.Additive:
                int size = attentionSize ?? hiddenSize;
                QueryProjection = RegisterModule("w_q", new Linear(hiddenSize, size, random, bias: false));
                KeyProjection = RegisterModule("w_k", new Linear(encoderSize, size, random));
                V = RegisterParameter("v", Init.Uniform(1, size, 1 / Math.Sqrt(size), random));
                break;
            case DecoderAttention.General:
                KeyProjection = RegisterModule("w", new Linear(encoderSize, hiddenSize, random, bias: false));
                break;
        }
        if (luong) Combine = RegisterModule("w_c", new Linear(encoderSize + hiddenSize, hiddenSize, random));
        Output = RegisterModule("out", new Linear(luong ? hiddenSize : hiddenSize + encoderSize, vocabulary, random));
    }

    /// <summary>The attention variant.</summary>
    public DecoderAttention Attention { get; }

    /// <summary>State size H.</summary>
    public int HiddenSize { get; }

    /// <summary>Target token embedding.</summary>
    public Embedding Embedding { get; }

    /// <summary>Maps the encoder's final state to the decoder's initial state.</summary>
    public Linear Bridge { get; }

    /// <summary>The recurrent cell.</summary>
    public RecurrentUnit Cell { get; }

    /// <summary>Additive score: W_q. Null otherwise.</summary>
    public Linear? QueryProjection { get; }

    /// <summary>Additive score: W_k (with the score's bias); general score: W. Null otherwise.</summary>
    public Linear? KeyProjection { get; }

    /// <summary>Additive score: v, <c>(1, attention size)</c>. Null otherwise.</summary>
    public Tensor? V { get; }

    /// <summary>Luong: W_c, combining context and state. Null otherwise.</summary>
    public Linear? Combine { get; }

    /// <summary>The output layer producing the next token's scores.</summary>
    public Linear Output { get; }

    /// <summary>Precomputes what every step needs from the encoder (projected keys).</summary>
    public DecoderMemory Prepare(EncoderOutput encoder) => new(encoder, Attention switch
    {
        DecoderAttention.Additive or DecoderAttention.General => KeyProjection!.Forward(encoder.States), // (T B, size)
        DecoderAttention.Dot => encoder.States,                                                           // (T B, H)
        _ => null,
    });

    /// <summary>The state before the first step.</summary>
    public DecoderState Start(DecoderMemory memory)
    {
        var hidden = Bridge.Forward(memory.Encoder.FinalState).Tanh(); // (B, H)
        bool luong = Attention is DecoderAttention.Dot or DecoderAttention.General;
        return new DecoderState(Cell.StateFrom(hidden), luong ? Tensor.Zeros(hidden.Rows, HiddenSize) : null);
    }

    /// <summary>One step: the previous tokens (one per sequence) and state -> next-token scores, new state, attention weights.</summary>
    public DecoderStep Step(IReadOnlyList<int> previousTokens, DecoderState state, DecoderMemory memory)
    {
        var embedded = Embedding.Forward(previousTokens); // (B, E)
        var encoder = memory.Encoder;
        switch (Attention)
        {
            case DecoderAttention.None:
            {
                var context = encoder.FinalState;                                          // (B, H_enc)
                var recurrent = Cell.Step(Tensor.ConcatColumns(embedded, context), state.Recurrent);
                return new DecoderStep(Output.Forward(Tensor.ConcatColumns(recurrent.Hidden, context)), new DecoderState(recurrent, null), null);
            }
            case DecoderAttention.Additive:
            {
                var scores = Tensor.BatchedAdditiveScores(QueryProjection!.Forward(state.Recurrent.Hidden), memory.Keys!, V!); // (B, T)
                var weights = scores.Softmax(encoder.Padding);                                                               // (B, T)
                var context = Tensor.BatchedWeightedSum(weights, encoder.States);                                            // (B, H_enc)
                var recurrent = Cell.Step(Tensor.ConcatColumns(embedded, context), state.Recurrent);
                return new DecoderStep(Output.Forward(Tensor.ConcatColumns(recurrent.Hidden, context)), new DecoderState(recurrent, null), weights);
            }
            default:
            {
                var recurrent = Cell.Step(Tensor.ConcatColumns(embedded, state.AttentionalHidden!), state.Recurrent);
                var weights = Tensor.BatchedDotScores(recurrent.Hidden, memory.Keys!).Softmax(encoder.Padding);   // (B, T)
                var context = Tensor.BatchedWeightedSum(weights, encoder.States);                                // (B, H_enc)
                var attentional = Combine!.Forward(Tensor.ConcatColumns(context, recurrent.Hidden)).Tanh();        // (B, H)
                return new DecoderStep(Output.Forward(attentional), new DecoderState(recurrent, attentional), weights);
            }
        }
    }
}
