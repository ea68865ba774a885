using Portal.Modules;

[assembly: Module("Impact", "Impact dashboard", "Figures every module reports, against the plan's targets: charts, CSV, a bilingual PDF for funders and a public \"our impact\" page.")]
