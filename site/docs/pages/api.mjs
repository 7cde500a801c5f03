export default {
  path: "/api/",
  title: "API reference — ChartGPT docs",
  description: "Every endpoint of the ChartGPT licensing API, generated from the API's schemas.",
  render: ({ renderOpenApi }) => renderOpenApi(),
};
