using Portal.Modules;

[assembly: Module("Academy", "Academy", "Leadership-training courses with lessons, quizzes, self-assessment and verifiable PDF certificates.")]
