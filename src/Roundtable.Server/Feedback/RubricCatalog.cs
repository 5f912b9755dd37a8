using Roundtable.Core.Feedback;

namespace Roundtable.Server.Feedback;

/// <summary>Rubric versions as projected from the directory.</summary>
public sealed class RubricCatalog
{
    public Rubric? Latest(string rubricId) => null;
}
