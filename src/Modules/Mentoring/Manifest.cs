using Portal.Modules;

[assembly: Module("Mentoring", "Mentor scheme", "Experienced leaders mentor new leaders: applications, matching, agreements, goals, meetings and a programme report.")]
