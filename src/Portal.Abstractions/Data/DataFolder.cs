namespace Portal.Data;

/// <summary>The site's data folder (<c>Portal:DataDir</c>): SQLite file, search index, uploads, keys.</summary>
public interface IDataFolder
{
    string Root { get; }

    /// <summary>A sub-folder of the data folder, created if missing, e.g. <c>GetFolder("uploads", "kb")</c>.</summary>
    string GetFolder(params string[] parts);
}
