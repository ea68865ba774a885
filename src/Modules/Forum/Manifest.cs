using Portal.Modules;

[assembly: Module("Forum", "Peer forum", "Condition communities where patients and carers share experience: discussions, experience articles, treatment ratings and members like me, with moderation.")]
