namespace AttentionCourse.Data;

/// <summary>One example of a sequence-to-sequence task: a source text and the target text to produce.</summary>
/// <param name="Source">The input, e.g. "3 March 2021".</param>
/// <param name="Target">The desired output, e.g. "2021-03-03".</param>
public sealed record SequencePair(string Source, string Target);
