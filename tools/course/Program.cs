using AttentionCourse.Tool;

return await CourseCommand.RunAsync(args, Directory.GetCurrentDirectory(), Console.Out, Console.Error);
