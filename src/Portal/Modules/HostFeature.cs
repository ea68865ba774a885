namespace Portal.Hosting.Modules;

/// <summary>The host itself, as a feature id that is always enabled (for the host's own admin menu providers).</summary>
public static class HostFeature { public const string Id = "Portal"; }
