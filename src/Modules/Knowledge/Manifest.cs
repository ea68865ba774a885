using Microsoft.Extensions.Localization;
using Portal.Modules;

[assembly: Module(
    "Knowledge",
    "Knowledge base",
    "The sector's collected know-how for self-help groups: bilingual articles, toolkits and success stories.")]

// The marker type Portal.Knowledge.KnowledgeStrings finds Resources/KnowledgeStrings.zh-HK.resx whatever
// ResourcesPath the host sets.
[assembly: ResourceLocation("Resources")]
