using Portal.Modules;

[assembly: Module("Matching", "Partner matching", "Self-help groups meet the skills, people and places they lack: needs, partners, scored suggestions, matches followed to an outcome, and the network against its targets.")]
