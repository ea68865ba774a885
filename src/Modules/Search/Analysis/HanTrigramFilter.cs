using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;

namespace Portal.Search.Analysis;

/// <summary>
/// Turns the one-character ideograph tokens of <see cref="StandardTokenizer"/> into overlapping trigrams of
/// characters that touch (照顧者壓力 → 照顧者 顧者壓 者壓力). Everything else is dropped and breaks a run; after a
/// break the position skips one, so a phrase of trigrams never spans two runs. Three-character words, the most
/// common length of Chinese terms (照顧者, 護老者, 糖尿病), then match with one term instead of a bigram phrase.
/// </summary>
internal sealed class HanTrigramFilter : TokenFilter
{
    private static readonly string Ideographic = StandardTokenizer.TOKEN_TYPES[StandardTokenizer.IDEOGRAPHIC];

    private readonly ICharTermAttribute term;
    private readonly IOffsetAttribute offset;
    private readonly IPositionIncrementAttribute increment;
    private readonly ITypeAttribute type;
    private readonly string[] texts = new string[3];
    private readonly int[] starts = new int[3];
    private int count;
    private int lastEnd = -1;
    private bool emitted;
    private bool broken;

    public HanTrigramFilter(TokenStream input)
        : base(input)
    {
        term = AddAttribute<ICharTermAttribute>();
        offset = AddAttribute<IOffsetAttribute>();
        increment = AddAttribute<IPositionIncrementAttribute>();
        type = AddAttribute<ITypeAttribute>();
    }

    public override bool IncrementToken()
    {
        while (m_input.IncrementToken())
        {
            if (type.Type != Ideographic)
            {
                Break();
                continue;
            }

            var start = offset.StartOffset;
            var end = offset.EndOffset;
            if (count > 0 && start != lastEnd)
            {
                Break();
            }

            if (count == 3)
            {
                texts[0] = texts[1];
                texts[1] = texts[2];
                starts[0] = starts[1];
                starts[1] = starts[2];
                count = 2;
            }

            texts[count] = term.ToString();
            starts[count] = start;
            count++;
            lastEnd = end;
            if (count == 3)
            {
                ClearAttributes();
                term.SetEmpty().Append(texts[0]).Append(texts[1]).Append(texts[2]);
                offset.SetOffset(starts[0], end);
                increment.PositionIncrement = emitted && broken ? 2 : 1;
                type.Type = Ideographic;
                emitted = true;
                broken = false;
                return true;
            }
        }

        return false;
    }

    public override void Reset()
    {
        base.Reset();
        count = 0;
        lastEnd = -1;
        emitted = false;
        broken = false;
    }

    private void Break()
    {
        count = 0;
        broken = true;
    }
}
