namespace Portal.Knowledge.Models;

/// <summary>The outcome of checking an upload: either an error (English text = localization key) or the
/// verified type, extension and safe file name.</summary>
public sealed record UploadCheck
{
    public string? Error { get; init; }

    public string Extension { get; init; } = string.Empty;

    public string ContentType { get; init; } = string.Empty;

    public string SafeFileName { get; init; } = string.Empty;

    public long Length { get; init; }

    public bool IsImage { get; init; }

    public bool IsValid => Error is null;

    public static UploadCheck Fail(string error) => new() { Error = error };
}
