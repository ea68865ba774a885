using Portal.Modules;

[assembly: Module(
    "Content",
    "Pages and news",
    "The site's pages (home, about, privacy…), news items and the main menu, in Traditional Chinese and English.",
    AlwaysEnabled = true)]
