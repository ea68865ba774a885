namespace Portal.Knowledge.Services;

/// <summary>Outcome of a use case: errors are English texts that are also localization keys.</summary>
public sealed record KnowledgeResult(long? Id, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Errors.Count == 0;

    public static KnowledgeResult Ok(long id) => new(id, []);

    public static KnowledgeResult Fail(params string[] errors) => new(null, errors);

    public static KnowledgeResult Fail(IReadOnlyList<string> errors) => new(null, errors);
}
