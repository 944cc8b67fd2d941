using AttentionCourse.Notebooks.Grading;

namespace AttentionCourse.Notebooks.Tests;

/// <summary>
/// One <c>course grade</c> run over five submissions: the instructor edition (every lesson, complete), the student
/// edition, and three submissions that each hold one plausible wrong solution per lesson. Shared by the tests below.
/// </summary>
public sealed class GradedEditions : IAsyncLifetime
{
    /// <summary>
    /// A plausible mistake for every exercise of every lesson: (lesson, exercise, the wrong body).
    /// </summary>
    public static readonly (string Lesson, int Exercise, string Mistake, string Body)[] WrongSolutions =
    [
        ("01-introduction", 1, "softmax without subtracting the largest score", """
                var exponentials = scores.Select(Math.Exp).ToArray();
                return exponentials.Select(e => e / exponentials.Sum()).ToArray();
            """),
        ("01-introduction", 2, "the plain average of the values, ignoring the weights", """
                return Enumerable.Range(0, valueRows[0].Length).Select(d => valueRows.Average(row => row[d])).ToArray();
            """),
        ("01-introduction", 3, "the distance between query and key instead of their dot product", """
                return keyRows.Select(key => Math.Sqrt(key.Zip(query, (k, q) => (k - q) * (k - q)).Sum())).ToArray();
            """),
        ("01-introduction", 4, "the model's weights drawn from the training seed (new Random(3)), not new Random(1)", """
                var options = task.Options(attention) with { EmbeddingSize = 16, EncoderHidden = 32, DecoderHidden = 64 };
                var model = new Seq2SeqModel(options, new Random(3));
                task.Train(model, training, steps: steps, batchSize: 64, learningRate: 0.01, seed: 3);
                return task.Evaluate(model, heldOut, maxLength: 12).ExactMatch;
            """),
        ("02-how-attention-works", 1, "buckets taken in the given order, not sorted by length", """
                foreach (var bucket in accuracies)
                    if (bucket.TokenAccuracy < threshold) return bucket.Length;
                return -1;
            """),
        ("02-how-attention-works", 2, "the <eos> row counted", """
                int rows = attention.RowCount;
                return Enumerable.Range(0, rows).Count(i => Math.Abs(attention.Row(i).MaximumIndex() - expectedSource(i, attention.ColumnCount)) <= 1) / (double)rows;
            """),
        ("02-how-attention-works", 3, "token accuracy averaged per string, not over all characters", """
                return predictions.Average(p => Enumerable.Range(0, Math.Min(p.Expected.Length, p.Predicted.Length))
                    .Count(t => p.Predicted[t] == p.Expected[t]) / (double)p.Expected.Length);
            """),
        ("02-how-attention-works", 4, "tested on the training strings (test set generated with the training seed)", """
                var training = DigitSequences.Reversal(2000, minLength: length, maxLength: length, seed: 1);
                var testing = DigitSequences.Reversal(100, minLength: length, maxLength: length, seed: 1);
                var lengthTask = SequenceTask.Characters(training);
                var options = lengthTask.Options(attention) with { EmbeddingSize = 16, EncoderHidden = 32, DecoderHidden = 64 };
                var model = new Seq2SeqModel(options, new Random(1));
                lengthTask.Train(model, training, steps: steps, batchSize: 64, learningRate: 0.01, seed: 1);
                return lengthTask.Evaluate(model, testing, maxLength: length + 2).TokenAccuracy;
            """),
        ("03-types-of-attention", 1, "scores without the 1/sqrt(d_k) scale", """
                return queries.MatMul(keys.Transpose());
            """),
        ("03-types-of-attention", 2, "the additive score without its bias", """
                var hidden = additive.QueryProjection.Weight.Value * queryVector + additive.KeyProjection.Weight.Value * keyVector;
                return additive.V.Value.Row(0) * hidden.Map(Math.Tanh);
            """),
        ("03-types-of-attention", 3, "scores multiplied by the temperature", """
                return scores.Scale(temperature).Softmax();
            """),
        ("03-types-of-attention", 4, "the model always built with the additive score (kind not passed on)", """
                var options = task.Options(DecoderAttention.Additive) with { EmbeddingSize = 16, EncoderHidden = 32, DecoderHidden = 64 };
                var model = new Seq2SeqModel(options, new Random(1));
                task.Train(model, training, steps: steps, batchSize: 32, learningRate: 0.01, seed: 3);
                return task.Evaluate(model, heldOut, maxLength: 12).ExactMatch;
            """),
        ("04-machine-translation", 1, "precision without clipping", """
                return candidate.Count(word => reference.Contains(word)) / (double)candidate.Count;
            """),
        ("04-machine-translation", 2, "r / c in integer division", """
                return candidateLength > referenceLength ? 1.0 : Math.Exp(1 - referenceLength / candidateLength);
            """),
        ("04-machine-translation", 3, "the largest weight down a column instead of along the row", """
                return sourceTokens[attention.Column(targetRow).MaximumIndex()];
            """),
        ("04-machine-translation", 4, "only the training sentences reversed, the held-out ones left in order", """
                var reversedTraining = training.Select(p => p with { Source = string.Join(' ', p.Source.Split(' ').Reverse()) }).ToList();
                var reversedTask = SequenceTask.Words(reversedTraining);
                var options = reversedTask.Options(attention) with { EmbeddingSize = 32, EncoderHidden = 32, DecoderHidden = 64 };
                var reversedModel = new Seq2SeqModel(options, new Random(1));
                reversedTask.Train(reversedModel, reversedTraining, steps: steps, batchSize: 64, learningRate: 0.02, seed: 8);
                return reversedTask.Evaluate(reversedModel, heldOut, maxLength: 30).Bleu;
            """),
        ("05-self-attention", 1, "softmax over the wrong axis (down the columns)", """
                var scores = (input * weightQ.Transpose()) * (input * weightK.Transpose()).Transpose() / Math.Sqrt(weightK.RowCount);
                var exponentials = scores.PointwiseExp();
                var weights = exponentials.MapIndexed((i, j, e) => e / exponentials.Column(j).Sum());
                return weights * (input * weightV.Transpose());
            """),
        ("05-self-attention", 2, "causal mask off by one (a token may not see itself)", """
                var mask = new bool[length, length];
                for (int query = 0; query < length; query++)
                    for (int key = 0; key < length; key++)
                        mask[query, key] = key >= query || key >= validTokens;
                return mask;
            """),
        ("05-self-attention", 3, "offset with the sign flipped (i - j)", """
                double total = 0;
                for (int i = 0; i < headWeights.RowCount; i++)
                    for (int j = 0; j < headWeights.ColumnCount; j++)
                        total += headWeights[i, j] * (i - j);
                return total / headWeights.RowCount;
            """),
        ("05-self-attention", 4, "the head count not passed on (always one head)", """
                int size = PronounTask.Vocabulary.Count;
                var model = new SelfAttentionTagger(size, 32, 1, [size], new Random(seed));
                TaggingTask.Train(model, PronounTask.Tagged(training), steps: steps);
                return TaggingTask.Accuracy(model, PronounTask.Tagged(heldOut));
            """),
        ("09-advantages", 1, "int arithmetic, which overflows past 2^31 bytes", """
                return 8 * batch * heads * layers * length * length;
            """),
        ("09-advantages", 2, "the slope between the first and last points only", """
                return Math.Log(times[^1] / times[0]) / Math.Log(sizes[^1] / sizes[0]);
            """),
        // (Scaling the scores after the product would also make exercise 4, which measures this function, count
        // three matrices: a wrong scale keeps the two exercises independent.)
        ("09-advantages", 3, "the queries scaled by 1 / d_k instead of 1 / sqrt(d_k)", """
                return queries.Scale(1.0 / queries.Columns).MatMulTransposed(keys).Softmax();
            """),
        ("09-advantages", 4, "the count of section 3's computation, not the scaled-first one", """
                return 3;
            """),
        ("06-text-summarization", 1, "ROUGE-1 without clipping repeated words", """
                var candidateWords = Rouge.Tokenize(candidate);
                var referenceWords = Rouge.Tokenize(reference);
                int shared = candidateWords.Count(w => referenceWords.Contains(w));
                if (shared == 0) return 0;
                double precision = shared / (double)candidateWords.Length;
                double recall = shared / (double)referenceWords.Length;
                return 2 * precision * recall / (precision + recall);
            """),
        ("06-text-summarization", 2, "the top sentences in order of weight, not in document order", """
                return Enumerable.Range(0, weights.Count).OrderByDescending(i => weights[i]).Take(k).ToArray();
            """),
        ("06-text-summarization", 3, "the mixture swapped: p_gen on the copy term, 1 - p_gen on the vocabulary", """
                var final = new double[size];
                for (int w = 0; w < vocabulary.Length; w++) final[w] = (1 - pGen) * vocabulary[w];
                for (int i = 0; i < attention.Length; i++) final[sourceIds[i]] += pGen * attention[i];
                return final;
            """),
        ("06-text-summarization", 4, "an article counted when one of its two fact sentences is chosen, not both", """
                var summarizer = ExtractiveSummarizer.Create(training, new Random(1));
                summarizer.Fit(training, steps, learningRate: 2e-2, seed: 1);
                return heldOut.Count(a => summarizer.Summarize(a, k: 2).Selected.Intersect(a.FactSentences).Any())
                    / (double)heldOut.Count;
            """),
        ("07-visual-attention", 1, "every pixel given its patch's whole weight, not a share of it", """
                int patch = imageSize / grid.RowCount;
                return Matrix<double>.Build.Dense(imageSize, imageSize, (y, x) => grid[y / patch, x / patch]);
            """),
        ("07-visual-attention", 2, "the patch's whole weight counted for every masked pixel, not shared among its pixels", """
                int patch = mask.GetLength(0) / grid.RowCount;
                double mass = 0;
                for (int y = 0; y < mask.GetLength(0); y++)
                    for (int x = 0; x < mask.GetLength(1); x++)
                        if (mask[y, x]) mass += grid[y / patch, x / patch];
                return mass;
            """),
        ("07-visual-attention", 3, "the peak's row and column swapped", """
                int cells = grid.RowCount, patch = mask.GetLength(0) / cells;
                int peak = grid.Enumerate().Select((w, i) => (w, i)).MaxBy(p => p.w).i;   // column-major index
                var (column, row) = (peak % cells, peak / cells);
                for (int y = row * patch; y < (row + 1) * patch; y++)
                    for (int x = column * patch; x < (column + 1) * patch; x++)
                        if (mask[y, x]) return true;
                return false;
            """),
        ("07-visual-attention", 4, "the patch size not passed on (the captioner keeps its default of 8)", """
                var model = ImageCaptioner.Create(training, new Random(1));
                model.Fit(training, steps, learningRate: 1e-2, seed: 1);
                return model.Evaluate(heldOut).ExactMatch;
            """),
        ("08-transformer", 1, "sin and cos swapped (cos on even dimensions)", """
                var result = Matrix<double>.Build.Dense(length, modelDimension);
                for (int position = 0; position < length; position++)
                    for (int i = 0; 2 * i < modelDimension; i++)
                    {
                        double angle = position / Math.Pow(10000, 2.0 * i / modelDimension);
                        result[position, 2 * i] = Math.Cos(angle);
                        if (2 * i + 1 < modelDimension) result[position, 2 * i + 1] = Math.Sin(angle);
                    }
                return result;
            """),
        ("08-transformer", 2, "a post-norm layer (normalized after the residual)", """
                var h = layer.Norm1.Forward(batch.States + layer.SelfAttention.Forward(batch, batch).Output.States);
                return batch.With(layer.Norm2.Forward(h + layer.FeedForward.Forward(h)));
            """),
        ("08-transformer", 3, "warmup growing as step / warmup, which forgets the warmup^-0.5 peak", """
                return Math.Pow(modelDimension, -0.5) * Math.Min(Math.Pow(step, -0.5), step / (double)warmupSteps);
            """),
        ("08-transformer", 4, "every sample drawn with the same seed", """
                int real = 0;
                for (int i = 0; i < samples; i++)
                {
                    var text = string.Concat(characters.Decode(
                        model.Generate([Vocabulary.BosId], maxNewTokens: 12, temperature: temperature, seed: 0)));
                    if (DateTime.TryParseExact(text, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture,
                        System.Globalization.DateTimeStyles.None, out _)) real++;
                }
                return real / (double)samples;
            """),
        ("10-conclusion", 1, "1 / d instead of 1 / sqrt(d)", """
                return 1.0 / keySize;
            """),
        ("10-conclusion", 2, "length * length / 2, which counts the diagonal half", """
                return length * length / 2;
            """),
        ("10-conclusion", 3, "the query's own position not counted (1 / query)", """
                return key <= query ? 1.0 / query : 0;
            """),
        ("10-conclusion", 4, "the scale applied whatever the flag says", """
                return query.MatMul(keys.Transpose()).Scale(1 / Math.Sqrt(keys.Columns)).Softmax().Value.Row(0).Maximum();
            """),
    ];

    /// <summary>The slower lessons: the student edition and the wrong solutions keep only their setup and exercise cells.</summary>
    private static readonly string[] Training =
        ["01-introduction", "02-how-attention-works", "03-types-of-attention", "04-machine-translation", "06-text-summarization",
         "07-visual-attention", "08-transformer"];

    public string Output { get; } = Path.Combine(TestPaths.TemporaryFolder("grades"), "grades");
    public string Instructor { get; } = TestPaths.Notebooks;
    public string NotebooksBefore { get; } = GradingSubmissions.Snapshot(TestPaths.Notebooks);
    public string ConsoleOutput { get; private set; } = "";
    public int ExitCode { get; private set; }
    public TimeSpan Duration { get; private set; }

    public static string WrongSubmission(int exercise) => $"wrong-exercise-{exercise}";

    public async Task InitializeAsync()
    {
        string submissions = TestPaths.TemporaryFolder("submissions");
        string student = GradingSubmissions.Folder(submissions, "student", GradingSubmissions.Lessons.Select(lesson =>
        {
            var edition = StudentEdition.Create(GradingSubmissions.Lesson(lesson));
            return (lesson, Training.Contains(lesson) ? GradingSubmissions.ExercisesOnly(edition) : edition);
        }).ToArray());
        var wrong = Enumerable.Range(1, WrongSolutions.Max(w => w.Exercise)).Select(exercise => GradingSubmissions.Folder(submissions, WrongSubmission(exercise),
            GradingSubmissions.Lessons.Select(lesson =>
            {
                var notebook = GradingSubmissions.ExercisesOnly(GradingSubmissions.Lesson(lesson));
                foreach (var (_, _, _, body) in WrongSolutions.Where(w => w.Lesson == lesson && w.Exercise == exercise))
                    notebook = GradingSubmissions.WithSolution(notebook, exercise, body);
                return (lesson, notebook);
            }).ToArray())).ToList();

        var clock = System.Diagnostics.Stopwatch.StartNew();
        (ExitCode, ConsoleOutput, _) = await GradingSubmissions.Grade([Instructor, student, .. wrong, "--output", Output, "--jobs", "2"]);
        Duration = clock.Elapsed;
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[Collection(LessonRuns.Collection)]
public class GradingTests(GradedEditions graded) : IClassFixture<GradedEditions>
{
    [Fact]
    public void The_instructor_edition_scores_full_marks_on_every_exercise_of_every_lesson()
    {
        Assert.True(graded.ExitCode == 0, graded.ConsoleOutput);
        var scores = GradingSubmissions.Scores(graded.Output, "notebooks");
        var messages = GradingSubmissions.Messages(graded.Output, "notebooks");
        Assert.Equal(40, GradingSubmissions.MaxPoints.Count);
        foreach (var (id, max) in GradingSubmissions.MaxPoints)
            Assert.True(scores[id] == max, $"instructor edition, exercise {id}: {scores[id]} of {max}: {messages[id]}\n{graded.ConsoleOutput}");
        Assert.Equal(graded.NotebooksBefore, GradingSubmissions.Snapshot(TestPaths.Notebooks));
    }

    [Fact]
    public void The_student_edition_scores_zero_on_every_exercise_and_says_what_to_write()
    {
        var scores = GradingSubmissions.Scores(graded.Output, "student");
        var messages = GradingSubmissions.Messages(graded.Output, "student");
        foreach (var id in GradingSubmissions.MaxPoints.Keys)
        {
            Assert.True(scores[id] == 0, $"student edition, exercise {id}: {scores[id]} points\n{graded.ConsoleOutput}");
            Assert.Contains($"exercise {id.Split('.')[1]}: write ", messages[id]);
        }
    }

    public static TheoryData<string, int, string> Mistakes()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var (lesson, exercise, mistake, _) in GradedEditions.WrongSolutions) data.Add(lesson, exercise, mistake);
        return data;
    }

    [Theory]
    [MemberData(nameof(Mistakes))]
    public void A_plausible_wrong_solution_loses_its_exercise_and_nothing_else(string lesson, int exercise, string mistake)
    {
        string submission = GradedEditions.WrongSubmission(exercise);
        var scores = GradingSubmissions.Scores(graded.Output, submission);
        var messages = GradingSubmissions.Messages(graded.Output, submission);
        string wrongId = $"{lesson[..2]}.{exercise}";
        Assert.True(scores[wrongId] == 0, $"{mistake}: exercise {wrongId} kept {scores[wrongId]} points");
        Assert.Contains("expected", messages[wrongId]);
        Assert.Contains("Hint:", messages[wrongId]);
        // Every exercise whose solution in this submission is right keeps its points.
        var wrongHere = GradedEditions.WrongSolutions.Where(w => w.Exercise == exercise).Select(w => $"{w.Lesson[..2]}.{w.Exercise}").ToHashSet();
        foreach (var (id, max) in GradingSubmissions.MaxPoints.Where(p => !wrongHere.Contains(p.Key)))
            Assert.True(scores[id] == max, $"{submission}: exercise {id} lost points: {messages[id]}");
    }

    [Fact]
    public void The_gradebook_has_a_row_per_student_a_column_per_exercise_and_the_total()
    {
        var lines = File.ReadAllLines(Path.Combine(graded.Output, "gradebook.csv"));
        Assert.Equal("student," + string.Join(',', GradingSubmissions.MaxPoints.Keys) + ",total,max", lines[0]);
        int submissions = 2 + GradedEditions.WrongSolutions.Max(w => w.Exercise); // the two editions and one wrong submission per exercise number
        Assert.Equal(1 + submissions, lines.Length);
        double total = GradingSubmissions.MaxPoints.Values.Sum();
        Assert.Contains(lines, l => l.StartsWith("notebooks,", StringComparison.Ordinal) && l.EndsWith($",{total},{total}", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("student,", StringComparison.Ordinal) && l.EndsWith($",0,{total}", StringComparison.Ordinal));
        Assert.Contains($"[{submissions}/{submissions}]", graded.ConsoleOutput);
        Assert.Contains("Lesson 3, exercise 1: scaled dot-product scores", graded.ConsoleOutput);
    }
}
