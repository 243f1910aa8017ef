using System.Text;
using System.Text.Encodings.Web;

namespace LbAcme.Functions.StatusPage;

/// <summary>
/// Writes markup where every text and attribute value goes through the HTML encoder, so nothing a store, a CA or an
/// LB name holds can become markup. Output is also well-formed XML (void elements closed, numeric references only).
/// </summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _html = new();

    public HtmlWriter Raw(string trustedMarkup)
    {
        _html.Append(trustedMarkup);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        _html.Append(HtmlEncoder.Default.Encode(text ?? string.Empty));
        return this;
    }

    /// <summary>An opening tag; attributes with a null value are left out.</summary>
    public HtmlWriter Open(string tag, params (string Name, string? Value)[] attributes)
    {
        _html.Append('<').Append(tag);
        foreach (var (name, value) in attributes)
        {
            if (value is not null)
            {
                _html.Append(' ').Append(name).Append("=\"").Append(HtmlEncoder.Default.Encode(value)).Append('"');
            }
        }
        _html.Append('>');
        return this;
    }

    public HtmlWriter Close(string tag)
    {
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    /// <summary>An element holding only encoded text.</summary>
    public HtmlWriter Element(string tag, string? @class, string? text) =>
        Open(tag, ("class", @class)).Text(text).Close(tag);

    public override string ToString() => _html.ToString();
}
