/**
 * The bundled price table's entries of the other OpenAI-compatible hosts genai-prices prices (Avian, Novita, ...),
 * generated with src/data/prices.ts by `npm run prices:update`: do not edit by hand. Imported only where the table
 * is loaded on first use (`PriceTable.current`), never at start. Sources: PRICES-SOURCES.md beside this file.
 *
 * @internal
 */
export const hostPrices: unknown = {
  "entries": [
    {
      "provider": "openrouter",
      "model": "01-ai/yi-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/ai4bharat/indictrans2-en-indic-1B",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.342",
            "output": "0.342"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/aisingapore/gemma-sea-lion-v4-27b-it",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.351",
            "output": "0.555"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/deepseek-ai/deepseek-r1-distill-qwen-32b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.497",
            "output": "4.881"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/deepseek-ai/deepseek-v4-flash-0731",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.44",
            "output": "1.32",
            "cacheRead": "0.014"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/deepseek-ai/deepseek-v4-pro-0813",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.32",
            "output": "3.96",
            "cacheRead": "0.044"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/google/gemma-3-12b-it",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.345",
            "output": "0.556"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/google/gemma-4-26b-a4b-it",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/ibm-granite/granite-4.0-h-micro",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.017",
            "output": "0.112"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-2-7b-chat-fp16",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.556",
            "output": "6.667"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3-8b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.282",
            "output": "0.827"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3-8b-instruct-awq",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.123",
            "output": "0.266"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-70b-instruct-fp8-fast",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.293",
            "output": "2.253"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.282",
            "output": "0.827"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct-awq",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.123",
            "output": "0.266"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct-fast",
      "aliases": [
        "@cf/meta/llama-3.1-8b-instruct-fp8-fast"
      ],
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.045",
            "output": "0.384"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.1-8b-instruct-fp8",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.152",
            "output": "0.287"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.2-11b-vision-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.049",
            "output": "0.676"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.2-1b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.027",
            "output": "0.201"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.2-3b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.051",
            "output": "0.335"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-3.3-70b-instruct-fp8-fast",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.293",
            "output": "2.253"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-4-scout-17b-16e-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.27",
            "output": "0.85"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/llama-guard-3-8b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.484",
            "output": "0.03"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/meta/m2m100-1.2b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.342",
            "output": "0.342"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/mistral/mistral-7b-instruct-v0.1",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.19"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/mistralai/mistral-small-3.1-24b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.351",
            "output": "0.555"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moondream/moondream3.1-9B-A2B",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moonshotai/kimi-k2.5",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "3",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moonshotai/kimi-k2.6",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/moonshotai/kimi-k2.7-code",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.19"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/nvidia/nemotron-3-120b-a12b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/openai/gpt-oss-120b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.35",
            "output": "0.75"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/openai/gpt-oss-20b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwen2.5-coder-32b-instruct",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.66",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwen3-30b-a3b-fp8",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.051",
            "output": "0.335"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwen3.8-27b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "3.2"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/qwen/qwq-32b",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.66",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/zai-org/glm-4.7-flash",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/zai-org/glm-5.2",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "cloudflare",
      "model": "@cf/zai-org/glm-5.3-flash",
      "source": "https://developers.cloudflare.com/workers-ai/platform/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.5",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "DeepSeek-R1-Distill-Llama-70B",
      "aliases": [
        "deepseek-r1-distill-llama-70b"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.74",
            "output": "0.74"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Air",
      "aliases": [
        "glm-4-air"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.069",
            "output": "0.069",
            "cacheRead": "0.034"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-AirX",
      "aliases": [
        "glm-4-airx"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.379",
            "output": "1.379"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Assistant",
      "aliases": [
        "glm-4-assistant"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.69",
            "output": "0.69"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-FlashX-250414",
      "aliases": [
        "glm-4-flashx-250414"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.014",
            "output": "0.014",
            "cacheRead": "0.007"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Long",
      "aliases": [
        "glm-4-long"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.138",
            "output": "0.138",
            "cacheRead": "0.069"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4-Plus",
      "aliases": [
        "glm-4-plus"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.69",
            "output": "0.69",
            "cacheRead": "0.345"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4.5-Air",
      "aliases": [
        "glm-4.5-air"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.276",
            "cacheRead": "0.022"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4.7",
      "aliases": [
        "glm-4.7"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.276",
            "output": "1.103",
            "cacheRead": "0.055"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-4.7-FlashX",
      "aliases": [
        "glm-4.7-flashx"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.069",
            "output": "0.414",
            "cacheRead": "0.014"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5",
      "aliases": [
        "glm-5"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.552",
            "output": "2.483",
            "cacheRead": "0.138"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5-Turbo",
      "aliases": [
        "glm-5-turbo"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.69",
            "output": "3.034",
            "cacheRead": "0.166"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.1",
      "aliases": [
        "glm-5.1"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.828",
            "output": "3.31",
            "cacheRead": "0.179"
          }
        }
      ]
    },
    {
      "provider": "zai",
      "model": "GLM-5.2",
      "aliases": [
        "glm-5.2"
      ],
      "source": "https://docs.z.ai/guides/overview/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.2",
      "aliases": [
        "glm-5.2"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.103",
            "output": "3.862",
            "cacheRead": "0.276"
          }
        }
      ]
    },
    {
      "provider": "zai",
      "model": "GLM-5.3",
      "aliases": [
        "glm-5.3"
      ],
      "source": "https://docs.z.ai/guides/overview/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.3",
      "aliases": [
        "glm-5.3"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.103",
            "output": "3.862",
            "cacheRead": "0.276"
          }
        }
      ]
    },
    {
      "provider": "zai",
      "model": "GLM-5.3-Flash",
      "aliases": [
        "glm-5.3-flash"
      ],
      "source": "https://docs.z.ai/guides/overview/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.25",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "zhipuai",
      "model": "GLM-5.3-Flash",
      "aliases": [
        "glm-5.3-flash"
      ],
      "source": "https://open.bigmodel.cn/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.055",
            "output": "0.193",
            "cacheRead": "0.016"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Llama-3.1-8B-Instruct",
      "aliases": [
        "llama-3.1-8b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.11"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "M2-her",
      "aliases": [
        "m2-her"
      ],
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.1-405B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.1-70B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "0.45"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.1-8B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "Meta-Llama-3.3-70B-Instruct",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "0.45"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Meta-Llama-3_3-70B-Instruct",
      "aliases": [
        "meta-llama-3_3-70b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.74",
            "output": "0.74"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2",
      "aliases": [
        "minimax-m2",
        "minimax-m2.1",
        "minimax-m2.5"
      ],
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.03",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.1-highspeed",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.03",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.5-highspeed",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.03",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.7",
      "aliases": [
        "minimax-m2.7"
      ],
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.06",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "MiniMax-M2.7-highspeed",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.06",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mistral-7B-Instruct-v0.3",
      "aliases": [
        "mistral-7b-instruct-v0.3"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.11"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mistral-Nemo-Instruct-2407",
      "aliases": [
        "mistral-nemo-instruct-2407"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.14"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mistral-Small-3.2-24B-Instruct-2506",
      "aliases": [
        "mistral-small-3.2-24b-instruct-2506"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.31"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Mixtral-8x7B-Instruct-v0.1",
      "aliases": [
        "mixtral-8x7b-instruct-v0.1"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "0.7"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3-14B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3-VL-235B-A22B-Instruct-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3-VL-30B-A3B-Instruct-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.16",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.5-35B-A3B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.5-397B-A17B",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "3.6"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.5-9B",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.7"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.6-35B-A3B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "Qwen/Qwen3.8-27B-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "3",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Qwen2.5-VL-72B-Instruct",
      "aliases": [
        "qwen2.5-vl-72b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.01",
            "output": "1.01"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Qwen3-32B",
      "aliases": [
        "qwen3-32b"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.25"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "Qwen3-Coder-30B-A3B-Instruct",
      "aliases": [
        "qwen3-coder-30b-a3b-instruct"
      ],
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.26"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "Sao10K/L3-8B-Stheno-v3.2",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "aetherwiing/mn-starcannon-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ai21/jamba-1-5-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ai21/jamba-1-5-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ai21/jamba-1.6-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ai21/jamba-1.6-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ai21/jamba-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.7"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ai21/jamba-large-1.7",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "aion-labs/aion-1.0",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "aion-labs/aion-1.0-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "1.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "aion-labs/aion-2.0",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.6",
            "cacheRead": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "aion-labs/aion-rp-llama-3.1-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "alfredpros/codellama-7b-instruct-solidity",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "all-hands/openhands-lm-32b-v0.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.6",
            "output": "3.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "allenai/olmo-3-32b-think",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "alpindale/goliath-120b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "6.5625",
            "output": "9.375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "alpindale/magnum-72b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "2.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "amazon/nova-2-lite-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "2.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "amazon/nova-lite-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "amazon/nova-micro-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.035",
            "output": "0.14"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "amazon/nova-premier-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "12.5",
            "cacheRead": "0.625"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "amazon/nova-pro-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "3.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthracite-org/magnum-v2-72b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthracite-org/magnum-v4-72b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "2.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-2",
      "aliases": [
        "anthropic/claude-2.0",
        "anthropic/claude-2.1",
        "anthropic/claude-2:beta",
        "anthropic/claude-2.0:beta",
        "anthropic/claude-2.1:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "8",
            "output": "24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-3-haiku",
      "aliases": [
        "anthropic/claude-3-haiku:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "1.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-3-opus",
      "aliases": [
        "anthropic/claude-3-opus:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "15",
            "output": "75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-3-sonnet",
      "aliases": [
        "anthropic/claude-3-sonnet:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-3.5-haiku",
      "aliases": [
        "anthropic/claude-3.5-haiku:beta",
        "anthropic/claude-3.5-haiku-20241022:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-3.5-sonnet",
      "aliases": [
        "anthropic/claude-3.5-sonnet:beta",
        "anthropic/claude-3.5-sonnet-20240620:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-3.7-sonnet",
      "aliases": [
        "anthropic/claude-3.7-sonnet:beta",
        "anthropic/claude-3.7-sonnet:thinking"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-fable-5",
      "aliases": [
        "anthropic/claude-fable-5:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "50",
            "cacheRead": "1",
            "cacheWrite": "12.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-fable-5.1",
      "aliases": [
        "anthropic/claude-fable-5.1:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "50",
            "cacheRead": "0.25",
            "cacheWrite": "12.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-haiku-4.5",
      "aliases": [
        "anthropic/claude-haiku-4.5:beta",
        "anthropic/claude-4.5-haiku-20251001",
        "anthropic/claude-4.5-haiku-20251001:beta",
        "anthropic/claude-haiku-4.5-20251001:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "5",
            "cacheRead": "0.1",
            "cacheWrite": "1.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4",
      "aliases": [
        "anthropic/claude-opus-4.1"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "15",
            "output": "75",
            "cacheRead": "1.5",
            "cacheWrite": "18.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4.5",
      "aliases": [
        "anthropic/claude-opus-4.5:beta",
        "anthropic/claude-4.5-opus-20251124",
        "anthropic/claude-4.5-opus-20251124:beta",
        "anthropic/claude-opus-4.5-20251124:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "25",
            "cacheRead": "0.5",
            "cacheWrite": "6.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4.6",
      "aliases": [
        "anthropic/claude-opus-4.6:beta",
        "anthropic/claude-4.6-opus-20260205",
        "anthropic/claude-4.6-opus-20260205:beta",
        "anthropic/claude-opus-4.6-20260205:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "25",
            "cacheRead": "0.5",
            "cacheWrite": "6.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4.6-fast",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "30",
            "output": "150",
            "cacheRead": "3",
            "cacheWrite": "37.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4.7",
      "aliases": [
        "anthropic/claude-opus-4.7:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "25",
            "cacheRead": "0.5",
            "cacheWrite": "6.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4.7-fast",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "30",
            "output": "150",
            "cacheRead": "3",
            "cacheWrite": "37.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4.8",
      "aliases": [
        "anthropic/claude-opus-4.8:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "25",
            "cacheRead": "0.5",
            "cacheWrite": "6.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-4.8-fast",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "50",
            "cacheRead": "1",
            "cacheWrite": "12.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-5",
      "aliases": [
        "anthropic/claude-opus-5:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "25",
            "cacheRead": "0.5",
            "cacheWrite": "6.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-5-fast",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "50",
            "cacheRead": "1",
            "cacheWrite": "12.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-opus-5.5",
      "aliases": [
        "anthropic/claude-opus-5.5:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "20",
            "cacheRead": "0.2",
            "cacheWrite": "5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-sonnet-4",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3",
            "cacheWrite": "3.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-sonnet-4.5",
      "aliases": [
        "anthropic/claude-sonnet-4.5:beta",
        "anthropic/claude-4.5-sonnet-20250929",
        "anthropic/claude-4.5-sonnet-20250929:beta",
        "anthropic/claude-sonnet-4.5-20250929:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3",
            "cacheWrite": "3.75"
          },
          "tiers": [
            {
              "above": 200000,
              "rates": {
                "input": "6",
                "output": "22.5",
                "cacheRead": "0.6",
                "cacheWrite": "7.5"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-sonnet-4.6",
      "aliases": [
        "anthropic/claude-sonnet-4.6:beta",
        "anthropic/claude-4.6-sonnet-20260217",
        "anthropic/claude-4.6-sonnet-20260217:beta",
        "anthropic/claude-sonnet-4.6-20260217:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3",
            "cacheWrite": "3.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anthropic/claude-sonnet-5",
      "aliases": [
        "anthropic/claude-sonnet-5:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10",
            "cacheRead": "0.2",
            "cacheWrite": "2.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "anubis-pro-105b-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "arcee-ai/coder-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "arcee-ai/trinity-large-thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.22",
            "output": "0.85",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "arcee-ai/trinity-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.045",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "arcee-ai/virtuoso-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.75",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "arcee-blitz",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "0.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "baidu/ernie-4.5-vl-424b-a47b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.42",
            "output": "1.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "bytedance-seed/seed-1.6",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "bytedance-seed/seed-1.6-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "bytedance-seed/seed-2.0-lite",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "bytedance-seed/seed-2.0-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "bytedance/ui-tars-1.5-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "c4ai-aya-expanse-32b",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "c4ai-aya-expanse-8b",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "caller-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.55",
            "output": "0.85"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "chatgpt-4o-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "claude-2",
      "aliases": [
        "claude-2.0",
        "claude-2.1",
        "claude-2:beta",
        "claude-2.0:beta",
        "claude-2.1:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "8",
            "output": "24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "claude-3-opus",
      "aliases": [
        "claude-3-opus:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "15",
            "output": "75",
            "cacheRead": "1.5",
            "cacheWrite": "18.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "claude-3-sonnet",
      "aliases": [
        "claude-3-sonnet:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3",
            "cacheWrite": "3.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "claude-3.5-sonnet",
      "aliases": [
        "claude-3.5-sonnet:beta",
        "claude-3.5-sonnet-20240620:beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3",
            "cacheWrite": "3.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "claude-3.7-sonnet",
      "aliases": [
        "claude-3.7-sonnet:beta",
        "claude-3.7-sonnet:thinking"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3",
            "cacheWrite": "3.75"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-fable-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "8",
            "output": "40"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-haiku-4-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-opus-4-6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "20"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-opus-4-8",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "20"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-opus-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "20"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-sonnet-4-6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.4",
            "output": "12"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "claude-sonnet-5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "codellama-7b-instruct-solidity",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "codestral-2501",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "codex-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "6",
            "cacheRead": "0.375"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "cognitivecomputations/dolphin-mixtral-8x22b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cognitivecomputations/dolphin-mixtral-8x22b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cognitivecomputations/dolphin-mixtral-8x7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cohere/command",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cohere/command-a",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cohere/command-r",
      "aliases": [
        "cohere/command-r-03-2024"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cohere/command-r-08-2024",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cohere/command-r-plus",
      "aliases": [
        "cohere/command-r-plus-04-2024"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cohere/command-r-plus-08-2024",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "cohere/command-r7b-12-2024",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0375",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "command",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-a",
      "aliases": [
        "command-a-03-2025"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-light",
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-r",
      "aliases": [
        "command-r-08-2024"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "command-r",
      "aliases": [
        "command-r-03-2024"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-r-plus",
      "aliases": [
        "command-r-plus-08-2024"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "command-r-plus",
      "aliases": [
        "command-r-plus-04-2024"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "cohere",
      "model": "command-r7b",
      "aliases": [
        "command-r7b-12-2024"
      ],
      "source": "https://cohere.com/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0375",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepcogito/cogito-v2.1-671b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "1.25"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4-Flash",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.28"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "deepseek-ai/DeepSeek-V4-Flash-0731",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.13",
            "output": "0.26",
            "cacheRead": "0.028"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4-Flash-0731",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.18",
            "cacheRead": "0.02"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "deepseek-ai/DeepSeek-V4-Pro",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.74",
            "output": "3.48",
            "cacheRead": "0.145"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4-Pro",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.74",
            "output": "3.48"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "deepseek-ai/DeepSeek-V4-Pro-0813",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.32",
            "output": "3.96",
            "cacheRead": "0.132"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "deepseek-ai/DeepSeek-V4.1-Flash",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6",
            "cacheRead": "0.01"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek-prover-v2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "2.18"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek-r1-0528-qwen3-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek-r1-distill-llama-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek-r1-distill-qwen-1.5b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.18",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek-r1-distill-qwen-14b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek-r1-distill-qwen-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "deepseek-v4-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.112",
            "output": "0.224",
            "cacheRead": "0.0144"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "deepseek-v4-pro",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.435",
            "output": "0.87",
            "cacheRead": "0.003625"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-chat",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.38",
            "output": "0.89"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-chat-v3-0324",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.88"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-chat-v3.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.21",
            "output": "0.79",
            "cacheRead": "0.13"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-r1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "2.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-r1-0528",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "2.15"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-llama-70b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-r1-distill-llama-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-llama-8b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-r1-distill-llama-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-r1-distill-qwen-1.5b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.18",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-qwen-14b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-r1-distill-qwen-14b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek-r1-distill-qwen-32b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-r1-distill-qwen-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-v3.1-terminus",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.23",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v3.2",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.23",
            "output": "0.33",
            "cacheRead": "0.012"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-v3.2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2288",
            "output": "0.3432"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-v3.2-exp",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.27",
            "output": "0.41"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v4-flash",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0805",
            "output": "0.161",
            "cacheRead": "0.0165"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-v4-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0983",
            "output": "0.1966",
            "cacheRead": "0.0197"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "deepseek/deepseek-v4-flash-latest",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.28",
            "cacheRead": "0.028"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v4-pro",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.305",
            "output": "2.61",
            "cacheRead": "0.10875"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "deepseek/deepseek-v4-pro",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.74",
            "output": "3.48",
            "cacheRead": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "deepseek/deepseek-v4-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.435",
            "output": "0.87",
            "cacheRead": "0.003625"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "deepseek/deepseek-v4-pro-0813",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.594",
            "output": "1.782",
            "cacheRead": "0.0198"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "deepseek/deepseek_v3",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.89",
            "output": "0.89"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "devstral-small",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.12"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "dobby-mini-unhinged-plus-llama-3.1-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "dolphin-mixtral-8x22b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "eleutherai/llemma_7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "essentialai/rnj-1-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "eva-llama-3.33-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "eva-qwen-2.5-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.6",
            "output": "3.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "eva-qwen-2.5-72b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "eva-unit-01/eva-llama-3.33-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "eva-unit-01/eva-qwen-2.5-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.6",
            "output": "3.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "eva-unit-01/eva-qwen-2.5-72b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "fimbulvetr-11b-v2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-2.0-flash-001",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.4",
            "cacheRead": "0.025",
            "cacheWrite": "0.1833"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-2.0-flash-lite-001",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-2.5-flash-lite-preview-06-17",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-2.5-flash-preview",
      "aliases": [
        "gemini-2.5-flash-preview-05-20"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6",
            "cacheRead": "0.0375",
            "cacheWrite": "0.2333"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-2.5-flash-preview-05-20:thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "3.5",
            "cacheRead": "0.0375",
            "cacheWrite": "0.2333"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-2.5-flash-preview:thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "3.5",
            "cacheRead": "0.0375",
            "cacheWrite": "0.2333"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3-flash-preview",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.425",
            "output": "2.55"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.1-flash-lite",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2125",
            "output": "1.275"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.1-pro-preview",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.7",
            "output": "10.2"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.5-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.275",
            "output": "7.65"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.5-flash-lite",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.255",
            "output": "2.125"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.6-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.275",
            "output": "6.375"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gemini-3.7-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6375",
            "output": "3.1875",
            "cacheRead": "0.06375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-flash-1.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.3",
            "cacheRead": "0.01875",
            "cacheWrite": "0.1583"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-flash-1.5-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0375",
            "output": "0.15",
            "cacheRead": "0.01",
            "cacheWrite": "0.0583"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemini-pro-1.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gemma-2-9b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "glm-4-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.24",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "glm-5.2",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.12",
            "output": "3.52",
            "cacheRead": "0.208"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "glm-5.3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.12",
            "output": "3.52",
            "cacheRead": "0.208"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "glm-5.3-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.2",
            "cacheRead": "0.012"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "glm-5v-turbo",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.2",
            "output": "4",
            "cacheRead": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "glm-z1-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.24",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "glm-z1-rumination-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.24",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "goliath-120b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "12.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.0-flash-001",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.0-flash-lite-001",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.5-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "2.5",
            "cacheRead": "0.075",
            "cacheWrite": "0.3833"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.5-flash-lite-preview-09-2025",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.5-flash-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.5-flash-preview-09-2025",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "2.5",
            "cacheRead": "0.075",
            "cacheWrite": "0.383"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.5-flash-preview:thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "3.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.5-pro",
      "aliases": [
        "google/gemini-2.5-pro-preview",
        "google/gemini-2.5-pro-preview-05-06"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "10",
            "cacheRead": "0.31",
            "cacheWrite": "1.625"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-2.5-pro-preview-03-25",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-3.1-pro-preview",
      "aliases": [
        "google/gemini-3.1-pro-preview-customtools"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "12",
            "cacheRead": "0.2",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-flash-1.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-flash-1.5-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0375",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-pro",
      "aliases": [
        "google/gemini-pro-vision"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemini-pro-1.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-2-27b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "google/gemma-2-9b-it",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.08"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-2-9b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.07"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-3-12b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-3-27b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-3-4b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-3n-e4b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.12"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-4-26b-a4b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.33"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "google/gemma-4-31B-it",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/gemma-4-31b-it",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.36",
            "cacheRead": "0.09"
          }
        },
        {
          "from": "2026-08-27",
          "rates": {
            "input": "0.09",
            "output": "0.34",
            "cacheRead": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/palm-2-chat-bison",
      "aliases": [
        "google/palm-2-chat-bison-32k"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "google/palm-2-codechat-bison",
      "aliases": [
        "google/palm-2-codechat-bison-32k"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gpt-3.5-turbo-0125",
      "aliases": [
        "openai/gpt-3.5-turbo"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gpt-3.5-turbo-1106",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gpt-4-0314",
      "aliases": [
        "openai/gpt-4"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "30",
            "output": "60"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gpt-4-1106-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "30"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gpt-4.5-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "75",
            "output": "150",
            "cacheRead": "37.5"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-5.6-luna",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.48",
            "cacheRead": "0.008",
            "cacheWrite": "0.1"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-5.6-sol",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "24",
            "cacheRead": "0.4",
            "cacheWrite": "5"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-5.6-terra",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "4.8",
            "cacheRead": "0.08",
            "cacheWrite": "1"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "gpt-oss-120b",
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.47"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "gpt-oss-120b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.48",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "ovhcloud",
      "model": "gpt-oss-20b",
      "source": "https://oai.endpoints.kepler.ai.cloud.ovh.net/v1/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "grok-2-1212",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "grok-2-vision-1212",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "grok-3",
      "aliases": [
        "grok-3-beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "grok-3-mini",
      "aliases": [
        "grok-3-mini-beta"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.5",
            "cacheRead": "0.075"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "grok-4.5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.6",
            "output": "4.8",
            "cacheRead": "0.4"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "grok-4.6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6",
            "cacheRead": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "grok-beta",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "grok-vision-beta",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "gryphe/mythomax-l2-13b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.09"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "gryphe/mythomax-l2-13b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.065",
            "output": "0.065"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "hermes-2-pro-llama-3-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.025",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "hy3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1056",
            "output": "0.4224",
            "cacheRead": "0.0264"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ibm-granite/granite-4.0-h-micro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.017",
            "output": "0.112"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ibm-granite/granite-4.1-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "inception/mercury-2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "0.75",
            "cacheRead": "0.025"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "inclusionai/ling-2.6-1t",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.625",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "inclusionai/ling-2.6-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.01",
            "output": "0.03",
            "cacheRead": "0.002"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "inclusionai/ring-2.6-1t",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.625",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "infermatic/mn-inferor-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "inflection/inflection-3-pi",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "inflection/inflection-3-productivity",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "jamba-1.6-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "jamba-1.6-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "jondurbin/airoboros-l2-70b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "jondurbin/airoboros-l2-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.57",
            "output": "2.3"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-0711-preview",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-0905-preview",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-thinking",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-thinking-turbo",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.15",
            "output": "8",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2-turbo-preview",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.15",
            "output": "8",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.5",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "3",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.6",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "kimi-k2.6",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5472",
            "output": "2.728",
            "cacheRead": "0.292"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.7-code",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.19"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "kimi-k2.7-code",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.584",
            "output": "2.8",
            "cacheRead": "0.1278"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k2.7-code-highspeed",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.9",
            "output": "8",
            "cacheRead": "0.38"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "kimi-k3",
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "kimi-k3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.4",
            "output": "12",
            "cacheRead": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "kwaipilot/kat-coder-pro-v2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "l3-euryale-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.48",
            "output": "1.48"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "latitudegames/wayfarer-large-70b-llama-3.3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "lfm-3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "lfm-40b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "lfm-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.01",
            "output": "0.01"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "liquid/lfm-2-24b-a2b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.03",
            "output": "0.12"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "liquid/lfm-3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "liquid/lfm-40b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "liquid/lfm-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.01",
            "output": "0.01"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3-lumimaid-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3-lumimaid-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-405b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-405b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-lumimaid-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-lumimaid-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-nemotron-70b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-nemotron-ultra-253b-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "1.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-sonar-large-128k-online",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.1-sonar-small-128k-online",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.2-90b-vision-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.2",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-3.3-nemotron-super-49b-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.13",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama-guard-2-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llama3.1-typhoon2-70b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.88",
            "output": "0.88"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "llemma_7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "maestro-reasoning",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "3.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "magistral-medium-2506",
      "aliases": [
        "magistral-medium-2506:thinking"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "magistral-small-2506",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "magnum-72b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "magnum-v2-72b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mancer/weaver",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.125",
            "output": "1.125"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mercury-coder-small-beta",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-2-13b-chat",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.22",
            "output": "0.22"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-2-70b-chat",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3-70b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.51",
            "output": "0.74"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3-70b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3-8b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3-8b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.03",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.1-405b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.1-405b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.1-70b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.34",
            "output": "0.39"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.1-70b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.28"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.1-8b-instruct",
      "aliases": [
        "meta-llama/llama-3.1-8b-instruct-max"
      ],
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.1-8b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.03"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.1-8b-instruct-bf16",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.2-11b-vision-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.2-11b-vision-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.049",
            "output": "0.049"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.2-1b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.2-1b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.005",
            "output": "0.01"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.2-3b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.03",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.2-3b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.01",
            "output": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.2-90b-vision-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "meta-llama/llama-3.3-70b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.39",
            "output": "0.39"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-3.3-70b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-4-maverick",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-4-scout",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-guard-2-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-guard-3-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "meta-llama/llama-guard-4-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/phi-3-medium-128k-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/phi-3-mini-128k-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/phi-3.5-mini-128k-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/phi-4",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.14"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/phi-4-mini-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.35"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/phi-4-multimodal-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/wizardlm-2-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.07"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "microsoft/wizardlm-2-8x22b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.62",
            "output": "0.62"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "microsoft/wizardlm-2-8x22b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "midnight-rose-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "mimo-v2.5",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.112",
            "output": "0.224",
            "cacheRead": "0.00224"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "minimax-01",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.1"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "minimax-m1",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2.2"
          }
        }
      ]
    },
    {
      "provider": "minimax",
      "model": "minimax-m3",
      "source": "https://platform.minimax.io/docs/guides/pricing-paygo",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.06"
          },
          "tiers": [
            {
              "above": 512000,
              "rates": {
                "input": "0.6",
                "output": "2.4",
                "cacheRead": "0.12"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "minimax-m3",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.24",
            "output": "0.96",
            "cacheRead": "0.048"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-01",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-m1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.65"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-m2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.255",
            "output": "1",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-m2-her",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-m2.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.29",
            "output": "0.95",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "minimax/minimax-m2.5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.27",
            "output": "1.08",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-m2.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.9",
            "cacheRead": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-m2.7",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.27",
            "output": "1.08",
            "cacheRead": "0.054"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "minimax/minimax-m3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.2",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ministral-3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "ministral-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral-7b-instruct",
      "aliases": [
        "mistral-7b-instruct-v0.3"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.028",
            "output": "0.054"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral-7b-instruct-v0.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.19"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral-7b-instruct-v0.2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral-large-2411",
      "aliases": [
        "mistralai/mistral-large",
        "mistralai/mistral-large-2407"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral-medium",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.75",
            "output": "8.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral-small",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral-tiny",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "0.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistral/ministral-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "mistralai/Devstral-2-123B-Instruct-2512",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/codestral-2501",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/codestral-2508",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.9",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/codestral-mamba",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "0.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/devstral-2512",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/ministral-14b-2512",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2",
            "cacheRead": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/ministral-3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/ministral-3b-2512",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1",
            "cacheRead": "0.01"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/ministral-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/ministral-8b-2512",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.15",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "mistralai/mistral-7b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.059",
            "output": "0.059"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-7b-instruct",
      "aliases": [
        "mistralai/mistral-7b-instruct-v0.3"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.029",
            "output": "0.059"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-7b-instruct-v0.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-7b-instruct-v0.2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-large-2512",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.5",
            "cacheRead": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-medium",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.75",
            "output": "8.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-medium-3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-medium-3-5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "7.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-medium-3.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "mistralai/mistral-nemo",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.17",
            "output": "0.17"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-nemo",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.01",
            "output": "0.019"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-saba",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-small",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-small-24b-instruct-2501",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.09"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-small-2603",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-small-3.1-24b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-small-3.2-24b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mistral-tiny",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "0.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mixtral-8x22b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/mixtral-8x7b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.24",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/pixtral-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/pixtral-large-2411",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mistralai/voxtral-small-24b-2507",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.3",
            "cacheRead": "0.01"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mixtral-8x7b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mn-celeste-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mn-inferor-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mn-starcannon-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "moonshot-v1-128k",
      "aliases": [
        "moonshot-v1-128k-vision-preview"
      ],
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "5"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "moonshot-v1-32k",
      "aliases": [
        "moonshot-v1-32k-vision-preview"
      ],
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "moonshotai",
      "model": "moonshot-v1-8k",
      "aliases": [
        "moonshot-v1-8k-vision-preview"
      ],
      "source": "https://platform.kimi.ai/docs/models.md",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "moonshotai/Kimi-K2.6",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "moonshotai/Kimi-K2.6",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "moonshotai/Kimi-K2.7-Code",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "moonshotai/Kimi-K3",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "modal",
      "model": "moonshotai/Kimi-K3",
      "source": "https://modal.com/library",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "moonshotai/kimi-k2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.57",
            "output": "2.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "moonshotai/kimi-k2-0905",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "moonshotai/kimi-k2-thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.5"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "moonshotai/kimi-k2.5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "2.2",
            "cacheRead": "0.225"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "moonshotai/kimi-k2.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "1.9",
            "cacheRead": "0.09"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "moonshotai/kimi-k2.6",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.95",
            "output": "4",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "moonshotai/kimi-k2.6",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.68",
            "output": "3.41",
            "cacheRead": "0.34"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "moonshotai/kimi-k2.7-code",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.75",
            "output": "3.5",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "moonshotai/kimi-k3",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "moonshotai/kimi-k3",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "moonshotai/kimi-k3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "morph/morph-v3-fast",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "morph/morph-v3-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "1.9"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "muse-glimmer-30b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.28",
            "output": "1.2",
            "cacheRead": "0.032"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "muse-spark-1.2",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "3.4",
            "cacheRead": "0.12"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "mythalion-13b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "nemotron-3.5-lightning",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.2",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "neversleep/llama-3-lumimaid-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3.375",
            "output": "4.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "neversleep/llama-3-lumimaid-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09375",
            "output": "0.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "neversleep/llama-3.1-lumimaid-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "2.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "neversleep/llama-3.1-lumimaid-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09375",
            "output": "0.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "neversleep/noromaid-20b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.75",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "noromaid-20b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nothingiisreal/mn-celeste-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nous-hermes-2-mixtral-8x7b-dpo",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "nousresearch/hermes-2-pro-llama-3-8b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.14"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nousresearch/hermes-2-pro-llama-3-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.025",
            "output": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nousresearch/hermes-3-llama-3.1-405b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nousresearch/hermes-3-llama-3.1-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nousresearch/hermes-4-405b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nousresearch/hermes-4-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.13",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nousresearch/nous-hermes-2-mixtral-8x7b-dpo",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "nousresearch/nous-hermes-llama2-13b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.17",
            "output": "0.17"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nousresearch/nous-hermes-llama2-13b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.18",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "nvidia/NVIDIA-Nemotron-3-Super-120B-A12B-NVFP4",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.75"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "nvidia/NVIDIA-Nemotron-3-Ultra-550B-A55B",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4",
            "cacheRead": "0.12"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nvidia/llama-3.1-nemotron-70b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nvidia/llama-3.3-nemotron-super-49b-v1.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nvidia/nemotron-3-nano-30b-a3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nvidia/nemotron-3-super-120b-a12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.45"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nvidia/nemotron-3-ultra-550b-a55b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "2.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "nvidia/nemotron-nano-9b-v2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.16"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "o1-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.1",
            "output": "4.4",
            "cacheRead": "0.55"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "o1-preview",
      "aliases": [
        "openai/o1"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "15",
            "output": "60",
            "cacheRead": "7.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/chatgpt-4o-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/codex-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.5",
            "output": "6",
            "cacheRead": "0.375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-3.5-turbo-0613",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-3.5-turbo-1106",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-3.5-turbo-16k",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4-1106-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "30"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4-32k",
      "aliases": [
        "openai/gpt-4-32k-0314"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "60",
            "output": "120"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4-turbo",
      "aliases": [
        "openai/gpt-4-turbo-preview"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "30"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8",
            "cacheRead": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4.1-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "1.6",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4.1-nano",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.4",
            "cacheRead": "0.025"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4.5-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "75",
            "output": "150"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4o",
      "aliases": [
        "openai/gpt-4o-audio-preview"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4o-2024-05-13",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4o-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6",
            "cacheRead": "0.075"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4o-mini-search-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-4o-search-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5",
      "aliases": [
        "openai/gpt-5-chat",
        "openai/gpt-5-codex",
        "openai/gpt-5.1-codex-max"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "10",
            "cacheRead": "0.125"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2",
            "cacheRead": "0.025"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5-nano",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.4",
            "cacheRead": "0.01"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "15",
            "output": "120"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.1",
      "aliases": [
        "openai/gpt-5.1-chat",
        "openai/gpt-5.1-codex"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "10",
            "cacheRead": "0.13"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.1-codex-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "2",
            "cacheRead": "0.025"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.2",
      "aliases": [
        "openai/gpt-5.2-chat",
        "openai/gpt-5.2-codex"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.75",
            "output": "14",
            "cacheRead": "0.175"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.2-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "21",
            "output": "168"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.3-chat",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.75",
            "output": "14",
            "cacheRead": "0.175"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.3-codex",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.75",
            "output": "14",
            "cacheRead": "0.175"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.4",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "15",
            "cacheRead": "0.25"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "5",
                "output": "22.5",
                "cacheRead": "0.5"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.4-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.75",
            "output": "4.5",
            "cacheRead": "0.075"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.4-nano",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.25",
            "cacheRead": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.4-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "30",
            "output": "180"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "60",
                "output": "270"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "30",
            "cacheRead": "0.5"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "10",
                "output": "45",
                "cacheRead": "1"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.5-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "30",
            "output": "180"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "60",
                "output": "270"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.6-luna",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.2",
            "cacheRead": "0.02",
            "cacheWrite": "0.25"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "0.4",
                "output": "1.8",
                "cacheRead": "0.04",
                "cacheWrite": "0.5"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.6-sol",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10",
            "cacheRead": "0.2",
            "cacheWrite": "2.5"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "4",
                "output": "15",
                "cacheRead": "0.4",
                "cacheWrite": "5"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-5.6-terra",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "12",
            "cacheRead": "0.2",
            "cacheWrite": "2.5"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "4",
                "output": "18",
                "cacheRead": "0.4",
                "cacheWrite": "5"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-6-luna",
      "aliases": [
        "openai/gpt-6-luna-pro"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.5",
            "cacheRead": "0.01",
            "cacheWrite": "0.125"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "0.2",
                "output": "0.75",
                "cacheRead": "0.02",
                "cacheWrite": "0.25"
              }
            }
          ],
          "webSearch": "10"
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-6-luna:batch",
      "aliases": [
        "openai/gpt-6-luna-pro:batch"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.25",
            "cacheRead": "0.005",
            "cacheWrite": "0.0625"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "0.1",
                "output": "0.375",
                "cacheRead": "0.01",
                "cacheWrite": "0.125"
              }
            }
          ],
          "webSearch": "10"
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-6-sol",
      "aliases": [
        "openai/gpt-6-sol-pro"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10",
            "cacheRead": "0.2",
            "cacheWrite": "2.5"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "4",
                "output": "15",
                "cacheRead": "0.4",
                "cacheWrite": "5"
              }
            }
          ],
          "webSearch": "10"
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-6-sol:batch",
      "aliases": [
        "openai/gpt-6-sol-pro:batch"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "5",
            "cacheRead": "0.1",
            "cacheWrite": "1.25"
          },
          "tiers": [
            {
              "above": 272000,
              "rates": {
                "input": "2",
                "output": "7.5",
                "cacheRead": "0.2",
                "cacheWrite": "2.5"
              }
            }
          ],
          "webSearch": "10"
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-audio",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.5",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-audio-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-chat-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "30",
            "cacheRead": "0.5"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "openai/gpt-oss-120b",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-oss-120b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.039",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "openai/gpt-oss-20b",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-oss-20b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.029",
            "output": "0.14"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/gpt-oss-safeguard-20b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.3",
            "cacheRead": "0.037"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o1-mini",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.1",
            "output": "4.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o1-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "150",
            "output": "600"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8",
            "cacheRead": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o3-deep-research",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "40",
            "cacheRead": "2.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o3-mini",
      "aliases": [
        "openai/o3-mini-high"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.1",
            "output": "4.4",
            "cacheRead": "0.55"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o3-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "20",
            "output": "80"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o4-mini",
      "aliases": [
        "openai/o4-mini-high"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.1",
            "output": "4.4",
            "cacheRead": "0.275"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openai/o4-mini-deep-research",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8",
            "cacheRead": "0.5"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "openchat/openchat-7b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openchat/openchat-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.07"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "openhands-lm-32b-v0.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.6",
            "output": "3.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perceptron/perceptron-mk1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "1.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perplexity/llama-3.1-sonar-large-128k-online",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perplexity/llama-3.1-sonar-small-128k-online",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perplexity/r1-1776",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perplexity/sonar",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perplexity/sonar-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perplexity/sonar-reasoning",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "perplexity/sonar-reasoning-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "phi-3-medium-128k-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "phi-3-mini-128k-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "phi-3.5-mini-128k-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "phi-4-multimodal-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "phi-4-reasoning-plus",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.35"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "pixtral-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "pixtral-large-2411",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "prime-intellect/intellect-3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "pygmalionai/mythalion-13b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5625",
            "output": "1.125"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen-2-72b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen-2.5-vl-7b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen-max",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.6",
            "output": "6.4",
            "cacheRead": "0.64"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen-turbo",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.2",
            "cacheRead": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen-vl-max",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "3.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen-vl-plus",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.21",
            "output": "0.63"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-2-72b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "qwen/qwen-2-7b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.054",
            "output": "0.054"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "qwen/qwen-2-vl-72b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.45",
            "output": "0.45"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "qwen/qwen-2.5-72b-instruct",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.38",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-2.5-72b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.12",
            "output": "0.39"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-2.5-7b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-2.5-coder-32b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-2.5-vl-72b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-2.5-vl-7b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-max",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.6",
            "output": "6.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-plus",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "1.2",
            "cacheRead": "0.16"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-plus-2025-07-28",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.26",
            "output": "0.78"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-plus-2025-07-28:thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.26",
            "output": "0.78",
            "cacheWrite": "0.325"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-turbo",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-vl-max",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "3.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen-vl-plus",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.21",
            "output": "0.63"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen2.5-coder-7b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen2.5-vl-32b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen2.5-vl-72b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "0.7"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-14b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.24"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-235b-a22b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.13",
            "output": "0.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-235b-a22b-2507",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-235b-a22b-thinking-2507",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-30b-a3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.29"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-30b-a3b-instruct-2507",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.04815",
            "output": "0.19305"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-30b-a3b-thinking-2507",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.035",
            "output": "0.138"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-coder",
      "aliases": [
        "qwen/qwen3-coder-480b-a35b-07-25"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.22",
            "output": "1.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-coder-30b-a3b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.27"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-coder-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.195",
            "output": "0.975",
            "cacheRead": "0.039",
            "cacheWrite": "0.24375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-coder-next",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.11",
            "output": "0.8",
            "cacheRead": "0.07"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-coder-plus",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.65",
            "output": "3.25",
            "cacheRead": "0.13",
            "cacheWrite": "0.8125"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-max",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.2",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-max-thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.78",
            "output": "3.9"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-next-80b-a3b-instruct",
      "aliases": [
        "qwen/qwen3-next-80b-a3b-instruct-2509"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "1.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-next-80b-a3b-thinking",
      "aliases": [
        "qwen/qwen3-next-80b-a3b-thinking-2509"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.0975",
            "output": "0.78"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-vl-235b-a22b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.88",
            "cacheRead": "0.11"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-vl-235b-a22b-thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.26",
            "output": "2.6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-vl-30b-a3b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.13",
            "output": "0.52"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-vl-30b-a3b-thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.13",
            "output": "1.56"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-vl-32b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.104",
            "output": "0.416"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-vl-8b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.08",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3-vl-8b-thinking",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.117",
            "output": "1.365"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-122b-a10b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.26",
            "output": "2.08"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-27b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.195",
            "output": "1.56"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-35b-a3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "1",
            "cacheRead": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-397b-a17b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.39",
            "output": "2.34"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-9b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-flash-02-23",
      "aliases": [
        "qwen/qwen3.5-flash-20260224"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.065",
            "output": "0.26"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-plus-02-15",
      "aliases": [
        "qwen/qwen3.5-plus-20260216"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "2.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.5-plus-20260420",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "1.8",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.6-27b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.289",
            "output": "2.4"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.6-35b-a3b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.6-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1875",
            "output": "1.125",
            "cacheWrite": "0.234375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.6-max-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.04",
            "output": "6.24",
            "cacheWrite": "1.3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.6-plus",
      "aliases": [
        "qwen/qwen3.6-plus-04-02"
      ],
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.325",
            "output": "1.95",
            "cacheWrite": "0.40625"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.7-max",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "3.75",
            "cacheRead": "0.25",
            "cacheWrite": "1.5625"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwen3.7-plus",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "1.6",
            "cacheRead": "0.08",
            "cacheWrite": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwq-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen/qwq-32b-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwen2.5-vl-32b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.9",
            "output": "0.9"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.6-35b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.112",
            "output": "0.8",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.6-plus",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.26",
            "output": "1.56",
            "cacheWrite": "0.325"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.7-flash",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.024",
            "output": "0.104",
            "cacheRead": "0.0048"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.7-max",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "3.75",
            "cacheRead": "0.25",
            "cacheWrite": "1.5625"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.7-plus",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.256",
            "output": "1.024",
            "cacheRead": "0.0512",
            "cacheWrite": "0.32"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.8-27b",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.34",
            "output": "2.04",
            "cacheRead": "0.068",
            "cacheWrite": "0.425"
          }
        }
      ]
    },
    {
      "provider": "quicksilverpro",
      "model": "qwen3.8-max",
      "source": "https://quicksilverpro.io/#pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6",
            "cacheRead": "0.25",
            "cacheWrite": "2.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwq-32b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "qwq-32b-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "r1-1776",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "raifle/sorcererlm-8x22b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4.5",
            "output": "4.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "rekaai/reka-edge",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "rekaai/reka-flash-3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "relace/relace-apply-3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.85",
            "output": "1.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "relace/relace-search",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sao10k/fimbulvetr-11b-v2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sao10k/l3-70b-euryale-v2.1",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.48",
            "output": "1.48"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sao10k/l3-8b-lunaris",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.05",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sao10k/l3-euryale-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.48",
            "output": "1.48"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sao10k/l3-lunaris-8b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.02",
            "output": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sao10k/l3.1-70b-hanami-x1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sao10k/l3.1-euryale-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sao10k/l3.3-euryale-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sao10k/l31-70b-euryale-v2.2",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.48",
            "output": "1.48"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "scb10x/llama3.1-typhoon2-70b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.88",
            "output": "0.88"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "scb10x/llama3.1-typhoon2-8b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.18",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sonar-reasoning",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "5"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "sophosympatheia/midnight-rose-70b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sophosympatheia/midnight-rose-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "sorcererlm-8x22b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "4.5",
            "output": "4.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "spotlight",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.18",
            "output": "0.18"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "steelskull/l3.3-electra-r1-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.7",
            "output": "0.95"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "stepfun/step-3.5-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.09",
            "output": "0.3",
            "cacheRead": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "stepfun/step-3.7-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.15",
            "cacheRead": "0.04"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "switchpoint/router",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.85",
            "output": "3.4"
          }
        }
      ]
    },
    {
      "provider": "novita",
      "model": "teknium/openhermes-2.5-mistral-7b",
      "source": "https://novita.ai/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.17",
            "output": "0.17"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "tencent/hunyuan-a13b-instruct",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.57"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "tencent/hy3-preview",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.063",
            "output": "0.21",
            "cacheRead": "0.021"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "thedrummer/anubis-pro-105b-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "thedrummer/cydonia-24b-v4.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.5",
            "cacheRead": "0.15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "thedrummer/rocinante-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "thedrummer/skyfall-36b-v2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "thedrummer/unslopnemo-12b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "modal",
      "model": "thinkingmachines/Inkling-NVFP4",
      "source": "https://modal.com/library",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.2",
            "output": "5",
            "cacheRead": "0.27"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "thinkingmachines/inkling",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "4.05",
            "cacheRead": "0.17"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "thinkingmachines/inkling-small",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.2",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "thinkingmachines/inkling-small",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "1.2",
            "cacheRead": "0.1"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "toppy-m-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "trinity-large-thinking",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.25",
            "output": "0.8",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "undi95/remm-slerp-l2-13b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.8",
            "output": "1.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "undi95/toppy-m-7b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.07",
            "output": "0.07"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "upstage/solar-pro-3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.6",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "valkyrie-49b-v1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "virtuoso-medium-v2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.5",
            "output": "0.8"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "writer/palmyra-x5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "6"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-2-1212",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-2-vision-1212",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "10"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-3-beta",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-3-mini-beta",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-4-fast",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.5",
            "cacheRead": "0.05"
          },
          "tiers": [
            {
              "above": 128000,
              "rates": {
                "input": "0.4",
                "output": "1",
                "cacheRead": "0.05"
              }
            }
          ]
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-4.20",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "2.5",
            "cacheRead": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-4.20-multi-agent",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "6",
            "cacheRead": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-4.3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.25",
            "output": "2.5",
            "cacheRead": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-beta",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-build-0.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "2",
            "cacheRead": "0.2"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-code-fast-1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "1.5",
            "cacheRead": "0.02"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "x-ai/grok-vision-beta",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "15"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "xiaomi/mimo-v2-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.1",
            "output": "0.3",
            "cacheRead": "0.01"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "xiaomi/mimo-v2.5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.2",
            "output": "0.4",
            "cacheRead": "0.05"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "xiaomi/mimo-v2.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.14",
            "output": "0.28",
            "cacheRead": "0.0028"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "xiaomi/mimo-v2.5-pro",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.435",
            "output": "0.87",
            "cacheRead": "0.0036"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "xiaomi/mimo-v2.5-pro",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.435",
            "output": "0.87",
            "cacheRead": "0.0036"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "xwin-lm/xwin-lm-70b",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3.75",
            "output": "3.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "yi-large",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "3"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-4.5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.2",
            "cacheRead": "0.11"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-4.5-air",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.125",
            "output": "0.85",
            "cacheRead": "0.06"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-4.5v",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "1.8",
            "cacheRead": "0.11"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-4.6",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.43",
            "output": "1.74",
            "cacheRead": "0.08"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-4.6v",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.3",
            "output": "0.9",
            "cacheRead": "0.05"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-4.7",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.388",
            "output": "1.806",
            "cacheRead": "0.097"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-4.7",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.4",
            "output": "1.75",
            "cacheRead": "0.08"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-4.7-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.06",
            "output": "0.4",
            "cacheRead": "0.01"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-5",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.516",
            "output": "2.322",
            "cacheRead": "0.129"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-5",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "1.92",
            "cacheRead": "0.12"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-5-turbo",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.2",
            "output": "4",
            "cacheRead": "0.24"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-5.1",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.743",
            "output": "2.971",
            "cacheRead": "0.186"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-5.1",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.98",
            "output": "3.08",
            "cacheRead": "0.182"
          }
        }
      ]
    },
    {
      "provider": "avian",
      "model": "z-ai/glm-5.2",
      "source": "https://avian.io/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.495",
            "output": "1.733",
            "cacheRead": "0.124"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-5.2",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-5.3",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "z-ai/glm-5.3-flash",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.075",
            "output": "0.25",
            "cacheRead": "0.015"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-4.7",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.6",
            "output": "2.2",
            "cacheRead": "0.12"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "zai-org/GLM-5.1-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.2",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.14"
          }
        }
      ]
    },
    {
      "provider": "doubleword",
      "model": "zai-org/GLM-5.2-FP8",
      "source": "https://docs.doubleword.ai/inference-api/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.93",
            "output": "3",
            "cacheRead": "0.19"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.2-Fast",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2.1",
            "output": "6.6",
            "cacheRead": "0.21"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.3",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.14"
          }
        }
      ]
    },
    {
      "provider": "baseten",
      "model": "zai-org/GLM-5.3-Flash",
      "source": "https://www.baseten.co/pricing/",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.15",
            "output": "0.5",
            "cacheRead": "0.03"
          }
        }
      ]
    },
    {
      "provider": "arcee",
      "model": "zai-org/glm-5.2",
      "source": "https://docs.arcee.ai/get-started/pricing",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1.4",
            "output": "4.4",
            "cacheRead": "0.26"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~anthropic/claude-fable-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "10",
            "output": "50",
            "cacheRead": "1",
            "cacheWrite": "12.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~anthropic/claude-haiku-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "1",
            "output": "5",
            "cacheRead": "0.1",
            "cacheWrite": "1.25"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~anthropic/claude-opus-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "25",
            "cacheRead": "0.5",
            "cacheWrite": "6.25"
          }
        },
        {
          "from": "2026-09-22",
          "rates": {
            "input": "4",
            "output": "20",
            "cacheRead": "0.2",
            "cacheWrite": "5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~anthropic/claude-sonnet-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "3",
            "output": "15",
            "cacheRead": "0.3",
            "cacheWrite": "3.75"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~google/gemini-pro-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "2",
            "output": "12",
            "cacheRead": "0.2",
            "cacheWrite": "0.375"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~moonshotai/kimi-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.68",
            "output": "3.41",
            "cacheRead": "0.34"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~openai/gpt-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "5",
            "output": "30",
            "cacheRead": "0.5"
          }
        }
      ]
    },
    {
      "provider": "openrouter",
      "model": "~openai/gpt-mini-latest",
      "source": "https://openrouter.ai/models",
      "checkedAt": "2026-09-23",
      "periods": [
        {
          "from": null,
          "rates": {
            "input": "0.75",
            "output": "4.5",
            "cacheRead": "0.075"
          }
        }
      ]
    }
  ]
}
