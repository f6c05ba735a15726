
#ifdef __CUDACC_RTC__
  #include <cuda/std/cstdint>
  using cuda::std::uint8_t;
  using cuda::std::uint16_t;
  using cuda::std::uint32_t;
  using cuda::std::uint64_t;
  using cuda::std::int8_t;
  using cuda::std::int16_t;
  using cuda::std::int32_t;
  using cuda::std::int64_t;

  #include <cuda/std/type_traits>
  namespace std {
    using cuda::std::is_same;
    using cuda::std::is_same_v;
    using cuda::std::is_integral;
    using cuda::std::is_signed;
    using cuda::std::is_unsigned;
    using cuda::std::is_floating_point;
    using cuda::std::enable_if;
    using cuda::std::conditional;
  }

  // NVRTC uses asm/volatile instead of __asm__/__volatile__ (gcc extension).
  #ifndef __asm__
  #define __asm__ asm
  #endif
  #ifndef __volatile__
  #define __volatile__ volatile
  #endif
#else
  #include <cstdint>
  #include <type_traits>
  #include <cuda.h>
#endif

#if !defined(__CUDA_ARCH__) || (__CUDA_ARCH__ >= 530)
#include <cuda_fp16.h>
__device__ half max(half a, half b)
{
  return __hgt(__half(a), __half(b)) ? a : b;
}
__device__ half min(half a, half b)
{
  return __hlt(__half(a), __half(b)) ? a : b;
}
#endif // __CUDA_ARCH__ >= 530

// Pack two half values.
static inline __device__ __host__ unsigned
__pack_half2(const half x, const half y) {
  unsigned v0 = *((unsigned short *)&x);
  unsigned v1 = *((unsigned short *)&y);
  return (v1 << 16) | v0;
}

#define CUDA_UNSUPPORTED_HALF_MATH_BINARY(HALF_MATH_NAME, FP32_MATH_NAME) \
static inline __device__ __host__ half HALF_MATH_NAME(half x, half y) {   \
  float tmp_x = __half2float(x);                                          \
  float tmp_y = __half2float(y);                                          \
  float result = FP32_MATH_NAME(tmp_x, tmp_y);                            \
  return __float2half(result);                                            \
}

#define CUDA_UNSUPPORTED_HALF_MATH_UNARY(HALF_MATH_NAME, FP32_MATH_NAME) \
static inline __device__ __host__ half HALF_MATH_NAME(half x) {          \
  float tmp_x = __half2float(x);                                         \
  float result = FP32_MATH_NAME(tmp_x);                                  \
  return __float2half(result);                                           \
}

// Some fp16 math functions are not supported in cuda_fp16.h,
// so we define them here to make sure the generated CUDA code
// is valid.
#if defined(__CUDA_ARCH__)
#if (__CUDA_ARCH__ >= 530)
CUDA_UNSUPPORTED_HALF_MATH_BINARY(hpow, powf)
#if ((__CUDACC_VER_MAJOR__ < 12) || ((__CUDACC_VER_MAJOR__ == 12) && (__CUDACC_VER_MINOR__ < 8)))
CUDA_UNSUPPORTED_HALF_MATH_UNARY(htanh, tanhf)
#endif
CUDA_UNSUPPORTED_HALF_MATH_UNARY(htan, tanf)
CUDA_UNSUPPORTED_HALF_MATH_UNARY(hatan, atanf)
CUDA_UNSUPPORTED_HALF_MATH_UNARY(herf, erf)
#else
CUDA_UNSUPPORTED_HALF_MATH_UNARY(hexp, exp)
#endif
#endif

#undef CUDA_UNSUPPORTED_HALF_MATH_BINARY
#undef CUDA_UNSUPPORTED_HALF_MATH_UNARY

template <typename T, typename TVec2>
struct __align__(8) half4_bfloat164 {
  T x, y, z, w;
  __host__ __device__ half4_bfloat164() : x(T(0)), y(T(0)), z(T(0)), w(T(0)) {}
  __host__ __device__ half4_bfloat164(T x, T y, T z, T w) : x(x), y(y), z(z), w(w) {}

};

using half4 = half4_bfloat164<__half, __half2>;
__host__ __device__ half4 make_half4(__half x, __half y, __half z, __half w) {
    return half4(x, y, z, w);
}

#if (((__CUDACC_VER_MAJOR__ == 11) && (__CUDACC_VER_MINOR__ >= 4)) || \
     (__CUDACC_VER_MAJOR__ > 11))
#define TVM_ENABLE_L2_PREFETCH 1
#else
#define TVM_ENABLE_L2_PREFETCH 0
#endif

#ifdef _WIN32
  using uint = unsigned int;
  using uchar = unsigned char;
  using ushort = unsigned short;
  using int64_t = long long;
  using uint64_t = unsigned long long;
#else
  #define uint unsigned int
  #define uchar unsigned char
  #define ushort unsigned short
#endif
extern "C" __global__ void __launch_bounds__(512) linear_gelu_kernel_kernel(half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ w_ptr, half* __restrict__ x_ptr, int K, int M, int N);
extern "C" __global__ void __launch_bounds__(512) linear_gelu_kernel_kernel(half* __restrict__ b_ptr, half* __restrict__ out_ptr, half* __restrict__ w_ptr, half* __restrict__ x_ptr, int K, int M, int N) {
  alignas(64) float linear_gelu_kernel_pad_local_ptr[64];
  __shared__ alignas(64) half x_pad_shared_ptr[4096];
  __shared__ alignas(64) half w_pad_shared_ptr[8192];
  linear_gelu_kernel_pad_local_ptr[0] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[1] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[2] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[3] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[4] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[5] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[6] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[7] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[8] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[9] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[10] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[11] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[12] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[13] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[14] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[15] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[16] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[17] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[18] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[19] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[20] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[21] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[22] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[23] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[24] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[25] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[26] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[27] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[28] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[29] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[30] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[31] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[32] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[33] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[34] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[35] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[36] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[37] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[38] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[39] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[40] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[41] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[42] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[43] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[44] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[45] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[46] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[47] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[48] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[49] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[50] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[51] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[52] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[53] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[54] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[55] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[56] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[57] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[58] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[59] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[60] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[61] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[62] = 0x0p+0f/*0.000000e+00*/;
  linear_gelu_kernel_pad_local_ptr[63] = 0x0p+0f/*0.000000e+00*/;
  for (int k_0 = 0; k_0 < ((K + 31) >> 5); ++k_0) {
    __syncthreads();
    for (int ax0_ax1_fused_3_s = 0; ax0_ax1_fused_3_s < 8; ++ax0_ax1_fused_3_s) {
      half condval;
      if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + (((int)threadIdx.x) >> 2)) < M) && ((((k_0 * 32) + ((((int)threadIdx.x) & 3) * 8)) + ax0_ax1_fused_3_s) < K)) {
        condval = x_ptr[((((k_0 * 32) + ((((int)threadIdx.x) & 3) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + (((int)threadIdx.x) >> 2)) * K)) + ax0_ax1_fused_3_s)];
      } else {
        condval = __float2half_rn(0x0p+0f/*0.000000e+00*/);
      }
      x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_s)] = condval;
    }
    for (int ax0_ax1_fused_0 = 0; ax0_ax1_fused_0 < 2; ++ax0_ax1_fused_0) {
      for (int ax0_ax1_fused_3_s_1 = 0; ax0_ax1_fused_3_s_1 < 8; ++ax0_ax1_fused_3_s_1) {
        half condval_1;
        if ((((((((int)blockIdx.x) * 256) + (ax0_ax1_fused_0 * 128)) + (((int)threadIdx.y) * 8)) + (((int)threadIdx.x) >> 2)) < N) && ((((k_0 * 32) + ((((int)threadIdx.x) & 3) * 8)) + ax0_ax1_fused_3_s_1) < K)) {
          condval_1 = w_ptr[((((k_0 * 32) + ((((int)threadIdx.x) & 3) * 8)) + (((((((int)blockIdx.x) * 256) + (ax0_ax1_fused_0 * 128)) + (((int)threadIdx.y) * 8)) + (((int)threadIdx.x) >> 2)) * K)) + ax0_ax1_fused_3_s_1)];
        } else {
          condval_1 = __float2half_rn(0x0p+0f/*0.000000e+00*/);
        }
        w_pad_shared_ptr[((((ax0_ax1_fused_0 * 4096) + (((int)threadIdx.y) * 256)) + (((int)threadIdx.x) * 8)) + ax0_ax1_fused_3_s_1)] = condval_1;
      }
    }
    __syncthreads();
    for (int k_1 = 0; k_1 < 32; ++k_1) {
      linear_gelu_kernel_pad_local_ptr[0] = (linear_gelu_kernel_pad_local_ptr[0] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[1] = (linear_gelu_kernel_pad_local_ptr[1] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[2] = (linear_gelu_kernel_pad_local_ptr[2] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[3] = (linear_gelu_kernel_pad_local_ptr[3] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[4] = (linear_gelu_kernel_pad_local_ptr[4] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[5] = (linear_gelu_kernel_pad_local_ptr[5] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[6] = (linear_gelu_kernel_pad_local_ptr[6] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[7] = (linear_gelu_kernel_pad_local_ptr[7] + (((float)x_pad_shared_ptr[((((int)threadIdx.y) * 256) + k_1)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
      linear_gelu_kernel_pad_local_ptr[8] = (linear_gelu_kernel_pad_local_ptr[8] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[9] = (linear_gelu_kernel_pad_local_ptr[9] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[10] = (linear_gelu_kernel_pad_local_ptr[10] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[11] = (linear_gelu_kernel_pad_local_ptr[11] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[12] = (linear_gelu_kernel_pad_local_ptr[12] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[13] = (linear_gelu_kernel_pad_local_ptr[13] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[14] = (linear_gelu_kernel_pad_local_ptr[14] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[15] = (linear_gelu_kernel_pad_local_ptr[15] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 32)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
      linear_gelu_kernel_pad_local_ptr[16] = (linear_gelu_kernel_pad_local_ptr[16] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[17] = (linear_gelu_kernel_pad_local_ptr[17] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[18] = (linear_gelu_kernel_pad_local_ptr[18] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[19] = (linear_gelu_kernel_pad_local_ptr[19] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[20] = (linear_gelu_kernel_pad_local_ptr[20] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[21] = (linear_gelu_kernel_pad_local_ptr[21] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[22] = (linear_gelu_kernel_pad_local_ptr[22] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[23] = (linear_gelu_kernel_pad_local_ptr[23] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 64)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
      linear_gelu_kernel_pad_local_ptr[24] = (linear_gelu_kernel_pad_local_ptr[24] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[25] = (linear_gelu_kernel_pad_local_ptr[25] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[26] = (linear_gelu_kernel_pad_local_ptr[26] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[27] = (linear_gelu_kernel_pad_local_ptr[27] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[28] = (linear_gelu_kernel_pad_local_ptr[28] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[29] = (linear_gelu_kernel_pad_local_ptr[29] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[30] = (linear_gelu_kernel_pad_local_ptr[30] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[31] = (linear_gelu_kernel_pad_local_ptr[31] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 96)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
      linear_gelu_kernel_pad_local_ptr[32] = (linear_gelu_kernel_pad_local_ptr[32] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[33] = (linear_gelu_kernel_pad_local_ptr[33] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[34] = (linear_gelu_kernel_pad_local_ptr[34] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[35] = (linear_gelu_kernel_pad_local_ptr[35] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[36] = (linear_gelu_kernel_pad_local_ptr[36] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[37] = (linear_gelu_kernel_pad_local_ptr[37] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[38] = (linear_gelu_kernel_pad_local_ptr[38] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[39] = (linear_gelu_kernel_pad_local_ptr[39] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 128)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
      linear_gelu_kernel_pad_local_ptr[40] = (linear_gelu_kernel_pad_local_ptr[40] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[41] = (linear_gelu_kernel_pad_local_ptr[41] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[42] = (linear_gelu_kernel_pad_local_ptr[42] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[43] = (linear_gelu_kernel_pad_local_ptr[43] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[44] = (linear_gelu_kernel_pad_local_ptr[44] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[45] = (linear_gelu_kernel_pad_local_ptr[45] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[46] = (linear_gelu_kernel_pad_local_ptr[46] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[47] = (linear_gelu_kernel_pad_local_ptr[47] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 160)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
      linear_gelu_kernel_pad_local_ptr[48] = (linear_gelu_kernel_pad_local_ptr[48] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[49] = (linear_gelu_kernel_pad_local_ptr[49] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[50] = (linear_gelu_kernel_pad_local_ptr[50] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[51] = (linear_gelu_kernel_pad_local_ptr[51] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[52] = (linear_gelu_kernel_pad_local_ptr[52] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[53] = (linear_gelu_kernel_pad_local_ptr[53] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[54] = (linear_gelu_kernel_pad_local_ptr[54] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[55] = (linear_gelu_kernel_pad_local_ptr[55] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 192)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
      linear_gelu_kernel_pad_local_ptr[56] = (linear_gelu_kernel_pad_local_ptr[56] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[((((int)threadIdx.x) * 256) + k_1)])));
      linear_gelu_kernel_pad_local_ptr[57] = (linear_gelu_kernel_pad_local_ptr[57] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 32)])));
      linear_gelu_kernel_pad_local_ptr[58] = (linear_gelu_kernel_pad_local_ptr[58] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 64)])));
      linear_gelu_kernel_pad_local_ptr[59] = (linear_gelu_kernel_pad_local_ptr[59] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 96)])));
      linear_gelu_kernel_pad_local_ptr[60] = (linear_gelu_kernel_pad_local_ptr[60] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 128)])));
      linear_gelu_kernel_pad_local_ptr[61] = (linear_gelu_kernel_pad_local_ptr[61] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 160)])));
      linear_gelu_kernel_pad_local_ptr[62] = (linear_gelu_kernel_pad_local_ptr[62] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 192)])));
      linear_gelu_kernel_pad_local_ptr[63] = (linear_gelu_kernel_pad_local_ptr[63] + (((float)x_pad_shared_ptr[(((((int)threadIdx.y) * 256) + k_1) + 224)]) * ((float)w_pad_shared_ptr[(((((int)threadIdx.x) * 256) + k_1) + 224)])));
    }
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[0] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[0] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[1] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[1] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[2] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[2] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[3] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[3] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[4] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[4] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[5] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[5] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[6] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[6] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + (((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[7] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[7] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[8] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[8] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[9] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[9] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[10] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[10] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[11] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[11] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[12] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[12] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[13] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[13] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[14] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[14] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 1) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[15] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[15] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[16] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[16] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[17] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[17] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[18] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[18] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[19] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[19] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[20] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[20] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[21] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[21] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[22] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[22] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 2) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[23] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[23] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[24] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[24] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[25] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[25] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[26] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[26] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[27] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[27] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[28] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[28] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[29] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[29] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[30] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[30] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 3) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[31] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[31] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[32] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[32] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[33] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[33] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[34] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[34] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[35] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[35] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[36] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[36] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[37] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[37] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[38] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[38] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 4) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[39] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[39] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[40] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[40] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[41] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[41] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[42] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[42] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[43] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[43] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[44] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[44] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[45] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[45] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[46] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[46] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 5) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[47] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[47] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[48] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[48] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[49] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[49] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[50] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[50] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[51] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[51] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[52] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[52] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[53] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[53] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[54] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[54] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 6) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[55] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[55] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && (((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) < N)) {
    out_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N))] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[56] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[56] + ((float)b_ptr[((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8))])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 1)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[57] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[57] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 1)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 2)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[58] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[58] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 2)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 3)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[59] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[59] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 3)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 4)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[60] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[60] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 4)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 5)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[61] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[61] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 5)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 6)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[62] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[62] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 6)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
  if (((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) < M) && ((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7) < N)) {
    out_ptr[((((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + ((((((int)blockIdx.y) * 128) + (((int)threadIdx.y) * 8)) + 7) * N)) + 7)] = ((half)((0x1p-1f/*5.000000e-01*/ * (linear_gelu_kernel_pad_local_ptr[63] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)]))) * (0x1p+0f/*1.000000e+00*/ + erff(((linear_gelu_kernel_pad_local_ptr[63] + ((float)b_ptr[(((((int)blockIdx.x) * 256) + (((int)threadIdx.x) * 8)) + 7)])) * 0x1.6a09e667f3bcdp-1f/*7.071068e-01*/)))));
  }
}

