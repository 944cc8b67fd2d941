using AttentionCourse.Data;

namespace AttentionCourse.Summarization;

/// <summary>
/// A batch of documents (and optionally summaries) in a pointer-generator's ids. Words of the fixed vocabulary
/// keep their ids; each document's own out-of-vocabulary words get extended ids <c>V, V + 1, ...</c> in order of
/// first appearance (See et al., 2017), so the model can point at them even though it cannot generate them.
/// </summary>
/// <param name="Source">Source ids for the encoder: out-of-vocabulary words read as <see cref="Vocabulary.UnkId"/>.</param>
/// <param name="ExtendedSource">The same positions in extended ids (padding 0), <c>B x T</c>: where copying sends each position's attention.</param>
/// <param name="OutOfVocabulary">Each document's out-of-vocabulary words; word i has extended id <c>V + i</c>.</param>
/// <param name="Target">Summaries as <c>bos ... eos</c> in extended ids (a summary word in neither the vocabulary
/// nor the document is <see cref="Vocabulary.UnkId"/>), padded; null when there are no summaries.</param>
public sealed record ExtendedBatch(PaddedBatch Source, int[][] ExtendedSource, IReadOnlyList<IReadOnlyList<string>> OutOfVocabulary, PaddedBatch? Target)
{
    /// <summary>The largest number of out-of-vocabulary words in one document of the batch.</summary>
    public int MaxOutOfVocabulary => OutOfVocabulary.Count == 0 ? 0 : OutOfVocabulary.Max(o => o.Count);

    /// <summary>
    /// Builds the batch from tokenized documents and summaries.
    /// </summary>
    /// <param name="vocabulary">The fixed vocabulary of size V.</param>
    /// <param name="documents">Each document's tokens.</param>
    /// <param name="summaries">Each summary's tokens, or null at inference time.</param>
    public static ExtendedBatch Create(Vocabulary vocabulary, IReadOnlyList<string[]> documents, IReadOnlyList<string[]>? summaries = null)
    {
        int size = vocabulary.Count;
        var outOfVocabulary = new List<IReadOnlyList<string>>();
        var source = new List<int[]>();
        var extended = new List<int[]>();
        var targets = summaries is null ? null : new List<int[]>();
        for (int b = 0; b < documents.Count; b++)
        {
            var unknown = new List<string>();
            int Extended(string word)
            {
                if (vocabulary.Contains(word)) return vocabulary.Id(word);
                int index = unknown.IndexOf(word);
                if (index < 0) { unknown.Add(word); index = unknown.Count - 1; }
                return size + index;
            }
            source.Add(vocabulary.Encode(documents[b]));
            extended.Add(documents[b].Select(Extended).ToArray());
            outOfVocabulary.Add(unknown);
            if (targets != null)
            {
                // A summary word outside the vocabulary can be produced only if the document has it.
                var ids = summaries![b].Select(w => vocabulary.Contains(w) ? vocabulary.Id(w) : unknown.IndexOf(w) is int i and >= 0 ? size + i : Vocabulary.UnkId);
                targets.Add([Vocabulary.BosId, .. ids, Vocabulary.EosId]);
            }
        }
        var padded = PaddedBatch.Pad(extended);
        return new ExtendedBatch(PaddedBatch.Pad(source), padded.Ids, outOfVocabulary, targets is null ? null : PaddedBatch.Pad(targets));
    }

    /// <summary>The word with extended id <paramref name="id"/> in document <paramref name="b"/>.</summary>
    public string Word(Vocabulary vocabulary, int b, int id) =>
        id < vocabulary.Count ? vocabulary.Token(id) : OutOfVocabulary[b][id - vocabulary.Count];
}
