using Portal.Modules;

// The id is also the feature id, the MVC area and the prefix of this module's tables; never change it once deployed.
[assembly: Module("PortalModule", "PortalModule", "What this module lets people do.")]
