using Portal.Modules;

[assembly: Module(
    "Notifications",
    "Notifications",
    "Durable e-mail outbox delivered through MailKit, in-app notifications, delivery preferences and digests.")]
