using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Portal.Content.Recipes;

/// <summary>Text in both languages: <c>{ "zh-HK": "…", "en": "…" }</c>. Long Markdown may be given as an array of
/// lines, which is easier to read and edit in JSON than one string full of <c>\n</c>.</summary>
public sealed class LocalizedValue
{
    [JsonPropertyName("zh-HK")]
    [JsonConverter(typeof(TextOrLinesConverter))]
    public string? ZhHK { get; set; }

    [JsonPropertyName("en")]
    [JsonConverter(typeof(TextOrLinesConverter))]
    public string? En { get; set; }
}

/// <summary>Reads a string, or an array of strings joined with new lines.</summary>
public sealed class TextOrLinesConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartArray:
                var text = new StringBuilder();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        throw new JsonException("Each line of a text must be a string.");
                    }

                    if (text.Length > 0)
                    {
                        text.Append('\n');
                    }

                    text.Append(reader.GetString());
                }

                return text.ToString();
            default:
                throw new JsonException("A text must be a string or a list of lines.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary><c>{ "name": "Pages", "pages": [ { "slug": "about", "title": {…}, "body": {…}, "status": "Published" } ] }</c></summary>
public sealed class PagesStepModel
{
    public List<PageModel> Pages { get; set; } = [];

    public sealed class PageModel
    {
        public string? Slug { get; set; }
        public LocalizedValue? Title { get; set; }
        public LocalizedValue? Body { get; set; }

        /// <summary><c>Published</c> (default) or <c>Draft</c>.</summary>
        public string? Status { get; set; }
    }
}

/// <summary><c>{ "name": "News", "news": [ { "slug", "date": "2026-11-02", "title", "summary", "body", "status" } ] }</c></summary>
public sealed class NewsStepModel
{
    public List<NewsModel> News { get; set; } = [];

    public sealed class NewsModel
    {
        public string? Slug { get; set; }

        /// <summary>Publish date <c>yyyy-MM-dd</c>; today (Hong Kong) when missing.</summary>
        public string? Date { get; set; }
        public LocalizedValue? Title { get; set; }
        public LocalizedValue? Summary { get; set; }
        public LocalizedValue? Body { get; set; }
        public string? Status { get; set; }
    }
}

/// <summary><c>{ "name": "Menu", "items": [ { "text": { "zh-HK": "首頁", "en": "Home" }, "url": "/" } ] }</c></summary>
public sealed class MenuStepModel
{
    public List<MenuModel> Items { get; set; } = [];

    public sealed class MenuModel
    {
        public LocalizedValue? Text { get; set; }
        public string? Url { get; set; }
    }
}

internal static class RecipeStatus
{
    public static bool TryParse(string? value, out bool published)
    {
        published = true;
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value, "Published", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        published = false;
        return string.Equals(value, "Draft", StringComparison.OrdinalIgnoreCase);
    }
}
