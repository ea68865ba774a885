using Lucene.Net.Analysis;

namespace Portal.Search.Analysis;

/// <summary>Applies <see cref="CharFolding"/> to the text a tokenizer reads. One character in, one out: offsets need no correction.</summary>
internal sealed class FoldingCharFilter(TextReader input) : CharFilter(input)
{
    protected override int Correct(int currentOff) => currentOff;

    public override int Read(char[] buffer, int index, int count)
    {
        var read = m_input.Read(buffer, index, count);
        if (read > 0)
        {
            CharFolding.FoldInPlace(buffer, index, read);
        }

        return read;
    }

    public override int Read()
    {
        var c = m_input.Read();
        return c < 0 ? c : CharFolding.Fold((char)c);
    }
}
