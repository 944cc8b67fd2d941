using System.Text.RegularExpressions;

namespace AttentionCourse.Data;

/// <summary>Splits text into tokens and joins tokens back into text.</summary>
public interface ITokenizer
{
    /// <summary>The tokens of <paramref name="text"/>.</summary>
    string[] Tokenize(string text);

    /// <summary>Text from tokens; <c>Detokenize(Tokenize(text))</c> gives back the text (for the tokenizer's normal form).</summary>
    string Detokenize(IEnumerable<string> tokens);
}

/// <summary>One token per character: the tokenizer of the date and digit tasks. Round-trips any text exactly.</summary>
public sealed class CharacterTokenizer : ITokenizer
{
    /// <inheritdoc />
    public string[] Tokenize(string text) => text.Select(c => c.ToString()).ToArray();

    /// <inheritdoc />
    public string Detokenize(IEnumerable<string> tokens) => string.Concat(tokens);
}

/// <summary>
/// Words and punctuation marks as tokens ("the cat, sat." -> the | cat | , | sat | .). Round-trips text whose
/// words are separated by single spaces and whose punctuation is attached to the preceding word.
/// </summary>
public sealed partial class WordTokenizer : ITokenizer
{
    [GeneratedRegex(@"\w+(?:['-]\w+)*|[^\w\s]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    /// <inheritdoc />
    public string[] Tokenize(string text) => TokenPattern().Matches(text).Select(m => m.Value).ToArray();

    /// <inheritdoc />
    public string Detokenize(IEnumerable<string> tokens)
    {
        var builder = new System.Text.StringBuilder();
        foreach (var token in tokens)
        {
            bool punctuation = token.Length == 1 && !char.IsLetterOrDigit(token[0]);
            if (builder.Length > 0 && !punctuation) builder.Append(' ');
            builder.Append(token);
        }
        return builder.ToString();
    }
}
