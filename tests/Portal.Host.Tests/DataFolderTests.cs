using Portal.Hosting.Data;

namespace Portal.Host.Tests;

/// <summary>A data folder the portal cannot write stops the start with a message that names the folder and the
/// reason, instead of "SQLite Error 14" and no path.</summary>
public sealed class DataFolderTests
{
    [Fact]
    public void A_read_only_data_folder_is_named_in_the_message()
    {
        // An existing folder no one may write in, not even root (the tests run as root, where a chmod changes
        // nothing): this process's folder in /proc.
        var folder = "/proc/" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(Directory.Exists(folder));

        var error = Assert.Throws<InvalidOperationException>(() => DataFolder.EnsureUsable(folder));

        Assert.Contains($"The data folder {folder} is not writable", error.Message, StringComparison.Ordinal);
        Assert.Contains("Portal__DataDir", error.Message, StringComparison.Ordinal);
        Assert.Contains(Environment.UserName, error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.InnerException);
    }

    [Fact]
    public void A_missing_data_folder_is_created()
    {
        var folder = Path.Combine(Path.GetTempPath(), "portal-data-" + Guid.NewGuid().ToString("N"), "data");
        try
        {
            DataFolder.EnsureUsable(folder);
            Assert.True(Directory.Exists(folder));
            Assert.Empty(Directory.EnumerateFileSystemEntries(folder)); // the write test leaves nothing behind
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(folder)!, recursive: true);
        }
    }
}
