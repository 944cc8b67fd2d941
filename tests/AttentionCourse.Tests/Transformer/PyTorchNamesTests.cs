using AttentionCourse.Transformer;

namespace AttentionCourse.Tests.Transformer;

public class PyTorchNamesTests
{
    [Fact]
    public void Encoder_layer_parameters_rename_to_exactly_pytorchs_state_dict_names()
    {
        var layer = new TransformerEncoderLayer(4, 2, 8, new Random(1));
        var names = PyTorchNames.ToPyTorch(layer.StateDictionary()).Keys.Order(StringComparer.Ordinal);
        // nn.TransformerEncoderLayer(4, 2, 8).state_dict().keys(), sorted
        Assert.Equal(
            ["linear1.bias", "linear1.weight", "linear2.bias", "linear2.weight", "norm1.bias", "norm1.weight", "norm2.bias", "norm2.weight",
             "self_attn.in_proj_bias", "self_attn.in_proj_weight", "self_attn.out_proj.bias", "self_attn.out_proj.weight"],
            names);
    }

    [Fact]
    public void Packed_projections_stack_query_key_value_rows_and_convert_back_exactly()
    {
        var layer = TransformerLayerTests.Randomized(new TransformerDecoderLayer(4, 2, 8, new Random(1)), 3);
        var state = layer.StateDictionary();
        var pytorch = PyTorchNames.ToPyTorch(state);
        var packed = pytorch["multihead_attn.in_proj_weight"];
        Assert.Equal((12, 4), (packed.RowCount, packed.ColumnCount));
        Assert.Equal(state["multihead_attn.w_k.weight"], packed.SubMatrix(4, 4, 0, 4));
        Assert.Equal(state["multihead_attn.w_v.bias"], pytorch["multihead_attn.in_proj_bias"].SubMatrix(0, 1, 8, 4));

        var back = PyTorchNames.FromPyTorch(pytorch);
        Assert.Equal(state.Keys.Order(StringComparer.Ordinal), back.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, value) in state) Assert.Equal(value, back[name]);
    }
}
