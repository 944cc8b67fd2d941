namespace AttentionCourse.Data;

/// <summary>
/// A two-way map between tokens and integer ids. Ids 0..3 are always the special tokens
/// <see cref="Pad"/>, <see cref="Bos"/> (begin of sequence), <see cref="Eos"/> (end) and <see cref="Unk"/> (unknown).
/// </summary>
public sealed class Vocabulary
{
    /// <summary>Padding token, id 0.</summary>
    public const string Pad = "<pad>";
    /// <summary>Begin-of-sequence token, id 1.</summary>
    public const string Bos = "<bos>";
    /// <summary>End-of-sequence token, id 2.</summary>
    public const string Eos = "<eos>";
    /// <summary>Unknown-token placeholder, id 3.</summary>
    public const string Unk = "<unk>";

    /// <summary>Id of <see cref="Pad"/>.</summary>
    public const int PadId = 0;
    /// <summary>Id of <see cref="Bos"/>.</summary>
    public const int BosId = 1;
    /// <summary>Id of <see cref="Eos"/>.</summary>
    public const int EosId = 2;
    /// <summary>Id of <see cref="Unk"/>.</summary>
    public const int UnkId = 3;

    private readonly List<string> tokens = [Pad, Bos, Eos, Unk];
    private readonly Dictionary<string, int> ids = new(StringComparer.Ordinal) { [Pad] = PadId, [Bos] = BosId, [Eos] = EosId, [Unk] = UnkId };

    /// <summary>
    /// Builds a vocabulary from tokenized texts: the special tokens, then every token seen at least
    /// <paramref name="minimumCount"/> times, most frequent first (ties in ordinal order), so the same data gives the same ids.
    /// </summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> tokenizedTexts, int minimumCount = 1)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var text in tokenizedTexts)
            foreach (var token in text)
                counts[token] = counts.GetValueOrDefault(token) + 1;
        var vocabulary = new Vocabulary();
        foreach (var (token, _) in counts.Where(c => c.Value >= minimumCount).OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal))
            vocabulary.Add(token);
        return vocabulary;
    }

    /// <summary>A vocabulary of exactly the given tokens after the special ones, in that order.</summary>
    public static Vocabulary FromTokens(IEnumerable<string> tokens)
    {
        var vocabulary = new Vocabulary();
        foreach (var token in tokens) vocabulary.Add(token);
        return vocabulary;
    }

    private void Add(string token)
    {
        if (ids.ContainsKey(token)) return;
        ids[token] = tokens.Count;
        tokens.Add(token);
    }

    /// <summary>Number of tokens, special ones included.</summary>
    public int Count => tokens.Count;

    /// <summary>All tokens in id order.</summary>
    public IReadOnlyList<string> Tokens => tokens;

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnkId"/> if it is not in the vocabulary.</summary>
    public int Id(string token) => ids.GetValueOrDefault(token, UnkId);

    /// <summary>Whether <paramref name="token"/> has its own id.</summary>
    public bool Contains(string token) => ids.ContainsKey(token);

    /// <summary>The token with id <paramref name="id"/>.</summary>
    public string Token(int id) => id >= 0 && id < tokens.Count
        ? tokens[id]
        : throw new ArgumentOutOfRangeException(nameof(id), $"Token id {id} is outside this vocabulary of {tokens.Count} tokens.");

    /// <summary>Ids of <paramref name="sequence"/>, optionally wrapped in <see cref="Bos"/> and <see cref="Eos"/>.</summary>
    public int[] Encode(IEnumerable<string> sequence, bool addBos = false, bool addEos = false)
    {
        var result = new List<int>();
        if (addBos) result.Add(BosId);
        result.AddRange(sequence.Select(Id));
        if (addEos) result.Add(EosId);
        return result.ToArray();
    }

    /// <summary>
    /// Tokens of <paramref name="sequenceIds"/>: stops at the first <see cref="Eos"/> and skips padding and
    /// <see cref="Bos"/>, so it inverts <see cref="Encode"/> for known tokens.
    /// </summary>
    public string[] Decode(IEnumerable<int> sequenceIds)
    {
        var result = new List<string>();
        foreach (int id in sequenceIds)
        {
            if (id == EosId) break;
            if (id == PadId || id == BosId) continue;
            result.Add(Token(id));
        }
        return result.ToArray();
    }
}
