using System.Globalization;
using System.Linq.Expressions;
using Portal.Globalization;

namespace Portal.Metrics;

/// <summary>
/// Hong Kong calendar months for a figure's <c>month</c> breakdown, counted in the database: a source lists the months
/// of its period (<see cref="Between"/>), groups its rows by <see cref="IndexOf{T}"/> and names each part
/// <see cref="Key"/>. The index is a <c>CASE</c> over the months' Hong Kong boundaries as UTC instants, which
/// <c>UsePortalDates</c> stores as ticks, so the same query runs on SQLite and PostgreSQL.
/// </summary>
public static class HongKongMonths
{
    /// <summary>The first day of each Hong Kong calendar month the period <paramref name="from"/>–<paramref name="to"/>
    /// (both included) touches, in order.</summary>
    public static IReadOnlyList<DateOnly> Between(DateOnly from, DateOnly to)
    {
        var months = new List<DateOnly>();
        for (var m = new DateOnly(from.Year, from.Month, 1); m <= to; m = m.AddMonths(1))
        {
            months.Add(m);
        }

        return months;
    }

    /// <summary>A month's <see cref="MetricPart.Key"/>: <c>yyyy-MM</c>.</summary>
    public static string Key(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>
    /// The index in <paramref name="months"/> (from <see cref="Between"/>) of the Hong Kong month the instant
    /// <paramref name="time"/> falls in, as an expression the database evaluates:
    /// <c>CASE WHEN t &lt; feb THEN 0 WHEN t &lt; mar THEN 1 … ELSE last END</c>. Filter the rows to the period first:
    /// an instant before the first month counts as 0 and one after the last as the last.
    /// </summary>
    public static Expression<Func<T, int>> IndexOf<T>(IReadOnlyList<DateOnly> months, Expression<Func<T, DateTimeOffset>> time)
    {
        ArgumentNullException.ThrowIfNull(months);
        ArgumentNullException.ThrowIfNull(time);
        if (months.Count == 0)
        {
            throw new ArgumentException("A period has at least one month.", nameof(months));
        }

        Expression body = Expression.Constant(months.Count - 1);
        for (var i = months.Count - 2; i >= 0; i--)
        {
            var boundary = PortalCultures.StartOfDayUtc(months[i + 1]);
            body = Expression.Condition(Expression.LessThan(time.Body, Expression.Constant(boundary)), Expression.Constant(i), body);
        }

        return Expression.Lambda<Func<T, int>>(body, time.Parameters);
    }

    /// <summary>
    /// A group key of a value of the row and the index of its Hong Kong month, as an expression the database evaluates:
    /// <c>r =&gt; new MonthGroup { Key = key(r), Month = CASE … END }</c>, for counting by (say) community and month in
    /// one pass: <c>GroupBy(HongKongMonths.ByMonth(months, p =&gt; p.CommunityId, p =&gt; p.CreatedUtc))</c>.
    /// </summary>
    public static Expression<Func<T, MonthGroup<TKey>>> ByMonth<T, TKey>(IReadOnlyList<DateOnly> months, Expression<Func<T, TKey>> key,
        Expression<Func<T, DateTimeOffset>> time)
    {
        ArgumentNullException.ThrowIfNull(key);
        var month = IndexOf(months, time);
        var row = month.Parameters[0];
        var keyBody = new ReplaceParameter(key.Parameters[0], row).Visit(key.Body);
        return Expression.Lambda<Func<T, MonthGroup<TKey>>>(
            Expression.MemberInit(
                Expression.New(typeof(MonthGroup<TKey>)),
                Expression.Bind(typeof(MonthGroup<TKey>).GetProperty(nameof(MonthGroup<TKey>.Key))!, keyBody),
                Expression.Bind(typeof(MonthGroup<TKey>).GetProperty(nameof(MonthGroup<TKey>.Month))!, month.Body)),
            row);
    }

    private sealed class ReplaceParameter(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

/// <summary>The group key of <see cref="HongKongMonths.ByMonth"/>: a value of the row and its month's index.</summary>
public sealed class MonthGroup<TKey>
{
    public required TKey Key { get; init; }

    public int Month { get; init; }
}
