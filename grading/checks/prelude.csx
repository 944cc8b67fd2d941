// Run once after a student's notebook, before its hidden checks: the names the checks use, whatever the notebook's
// own using directives were.
using AttentionCourse.Attention;
using AttentionCourse.Data;
using AttentionCourse.Exercises;
using AttentionCourse.Metrics;
using AttentionCourse.Seq2Seq;
using AttentionCourse.Summarization;
using AttentionCourse.Tensors;
using MathNet.Numerics.LinearAlgebra;
using AttentionCourse.Training;
using AttentionCourse.Transformer;
using AttentionCourse.Vision;
