using Portal.Modules;

[assembly: Module(
    "Search",
    "Search",
    "One search box for the whole portal: bilingual Lucene index fed by every module, with permissions applied.")]
