// Hidden check, lesson 10 exercise 3: CausalWeight against the library's attention weights for equal (zero) scores
// under a causal mask of 6 tokens, every (query, key) pair.
var zeros = Tensor.Zeros(6, 4);   // (tokens, d): every score q · k is 0
var weights = AttentionFunctions.ScaledDotProduct(zeros, zeros, zeros, Masks.Causal(6)).Weights.Value;   // (6, 6)
for (int query = 0; query < 6; query++)
    for (int key = 0; key < 6; key++)
        ExerciseCheck.Close(3, $"CausalWeight({query}, {key})", weights[query, key], CausalWeight(query, key),
            "query i shares the weight equally among keys 0 ... i; a key after the query gets 0.", tolerance: 1e-12);
